import pytest


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Uploads in tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def load_demo_with_seeds():
    """The demo as `make run` loads it: both seeds imported. The seeds are the product's acceptance
    test, so their absence fails the test (set NEWSROOM_SEEDS_DIR when running from a worktree)."""
    import io

    from demo.data import load_demo, seeds_dir_from_environment

    seeds_dir = seeds_dir_from_environment()
    if not seeds_dir.is_dir():
        pytest.fail(f"The seeds folder {seeds_dir} is missing: set NEWSROOM_SEEDS_DIR (e.g. /work/shared/seeds).")
    out = io.StringIO()
    counts = load_demo(seeds_dir=seeds_dir, stdout=out)
    assert counts["seed issues"] == 2, out.getvalue()
    return counts


@pytest.fixture
def demo(db):
    load_demo_with_seeds()
