"""The API root, /api/v1/: what the API is, and a link to each place to start from."""

from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

# Beside the router's lists: the documentation, then signing up and in.
GUIDE = {
    "docs": "swagger-ui",
    "redoc": "redoc",
    "schema": "schema",
    "sign-up": "user-list",
    "me": "user-me",
    "sign-in": "jwt-create",
    "refresh": "jwt-refresh",
    "verify": "jwt-verify",
    "sign-out": "jwt-blacklist",
    "sign-out-everywhere": "jwt-logout-everywhere",
}


class DescribedAPIRootView(APIRootView):
    """A blogging API: posts, their comments and likes, categories, tags and authors.

    Anyone may read what is published. Sign up, activate the account from the e-mail, then sign
    in for a JSON Web Token and send it as "Authorization: Bearer <token>" to write. The docs
    describe every endpoint; the lists below are where to start browsing.
    """

    name = "Blog API"  # The page's title and first breadcrumb, rather than the class's name.

    def get(self, request, *args, **kwargs):
        lists = super().get(request, *args, **kwargs).data
        guide = {key: reverse(name, request=request) for key, name in GUIDE.items()}
        return Response({**guide, **lists})
