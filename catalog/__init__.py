"""The public catalog of recommended activities.

`catalog.publish(...)` is how the procedure (or any caller) puts a feasible
activity into the catalog; see `catalog.publishing`.
"""


def publish(**kwargs):
    from .publishing import publish as publish_record

    return publish_record(**kwargs)
