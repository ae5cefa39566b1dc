import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitoukan.settings")

log = logging.getLogger(__name__)

# What publishing a task raises when Redis (broker or result backend) cannot be reached.
BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class ResilientTask(DjangoTask):
    """`delay_on_commit` that never turns a committed write into a 500 when the broker is down.

    The callback runs after the commit: the data is saved whatever happens, so raising would
    only show an error page for a change that succeeded. The task is logged as not queued;
    what it would have done is caught up by the periodic tasks (the nightly roll-up rebuild,
    the export sweeper). A caller that must know (exports) calls `apply_async` itself and
    records the job as waiting.
    """

    def delay_on_commit(self, *args, **kwargs) -> None:
        from django.db import transaction

        transaction.on_commit(functools.partial(self.send_or_log, args, kwargs))

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        from django.db import transaction

        transaction.on_commit(functools.partial(self.send_or_log, args, kwargs, **options))

    def send_or_log(self, args=None, kwargs=None, **options):
        # Nobody waits for the result of an on-commit send. Asking for one would also make this
        # process subscribe to the result backend first, which, with Redis down, retries for
        # about twenty seconds and then raises RuntimeError instead of a connection error.
        options.setdefault("ignore_result", True)
        try:
            return self.apply_async(args, kwargs, **options)
        except BROKER_ERRORS as exc:
            log.error("task %s%r not queued, the broker is unreachable: %s", self.name, tuple(args or ()),
                      exc.__class__.__name__)
            return None


app = Celery("huitoukan", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
