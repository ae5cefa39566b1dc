"""The read gate of archives: which files of a closed campaign a user may download (its subtree's part)."""

from accounts.scoping import scope

from .models import Archive, ArchiveFile


def archive_of(campaign) -> Archive | None:
    return Archive.objects.filter(campaign=campaign).select_related("closed_by").first()


def files_for(user, archive: Archive):
    """The archive's files of the user's units (a county office: its county's part; the city: all)."""
    return scope(user, ArchiveFile.objects.filter(archive=archive)).order_by("path")
