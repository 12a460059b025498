from django_tasks import task

from .services import drain


@task()
def drain_index_jobs() -> int:
    """Apply pending index jobs; what fails stays pending for `search_index sync`."""
    return drain().applied
