"""Send dashboard reads to a read replica when one is configured (DATABASE_REPLICA_URL).

Only code that asks for it reads from the replica (`using("replica")` in dashboards'
selectors); everything else, and every write, stays on the primary, so a user never
reads their own write from a lagging replica.
"""


class PrimaryRouter:
    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
