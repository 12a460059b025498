from django_tasks import task


@task()
def drain_index_jobs() -> int:
    """Apply pending index jobs; what fails stays pending for `search_index sync`."""
    from .services import drain

    return drain().applied
