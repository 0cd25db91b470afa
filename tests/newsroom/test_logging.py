"""A log line is written once: Django's loggers and the project's root handler do not both write it."""

import logging
import logging.config

import pytest
from django.utils.log import DEFAULT_LOGGING


def _streams_writing(record):
    """The handlers that would write `record` to a console or file (e-mail handlers are not counted)."""
    logger, handlers = logging.getLogger(record.name), []
    while logger is not None:
        # pytest's capture handlers sit on the root during a test; they are not the project's.
        ours = [handler for handler in logger.handlers if type(handler).__module__ != "_pytest.logging"]
        handlers += [
            handler
            for handler in ours
            if isinstance(handler, logging.StreamHandler) and record.levelno >= handler.level and handler.filter(record)
        ]
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.fixture
def project_logging(settings):
    """Logging configured as `django.setup()` does it (Django's defaults, then LOGGING), restored afterwards."""
    saved = {name: (lg.handlers[:], lg.level, lg.propagate) for name, lg in logging.root.manager.loggerDict.items()
             if isinstance(lg, logging.Logger)}  # fmt: skip
    saved_root = (logging.root.handlers[:], logging.root.level)
    logging.config.dictConfig(DEFAULT_LOGGING)
    logging.config.dictConfig(settings.LOGGING)
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate
    logging.root.handlers[:], logging.root.level = saved_root


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("name", ["django.tasks", "django.utils.autoreload", "django.request", "django_tasks_db"])
def test_each_log_line_is_written_once(project_logging, settings, debug, name):
    settings.DEBUG = debug  # Django's console handler writes only in debug mode
    level = logging.ERROR if name == "django.request" else logging.INFO
    record = logging.getLogger(name).makeRecord(name, level, __file__, 1, "Task id=1 state=SUCCESSFUL", None, None)
    assert len(_streams_writing(record)) == 1
