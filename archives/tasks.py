from celery import shared_task

from . import builder


@shared_task(acks_late=True)
def build_archive(archive_id: int) -> str:
    return builder.build(archive_id).status


@shared_task
def purge_expired_archives() -> int:
    return builder.purge_expired()
