"""bench/results.md holds each benchmark's section: one rewrites its own and keeps the others."""

from bench import results


def test_a_benchmark_rewrites_its_own_section_and_keeps_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "RESULTS", tmp_path / "results.md")

    results.write_section("bench", "Floors, first run.")
    results.write_section("bench-scale", "Scale, first run.")
    results.write_section("bench", "Floors, second run.")

    text = (tmp_path / "results.md").read_text()
    assert text.startswith(results.TITLE)
    assert "Floors, second run." in text
    assert "Floors, first run." not in text
    assert text.index("Floors, second run.") < text.index("Scale, first run.")
