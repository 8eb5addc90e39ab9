"""Signals of accounts, for the apps built on it (which accounts does not import)."""

from django.dispatch import Signal

# Sent with `user` in the transaction deleting them, once their row is locked and before Django
# collects what goes with them: a receiver locks there the rows that others may be adding to
# (posts.signals locks the user's posts, which others comment on and like).
user_deleting = Signal()
