"""Builds the POST data the Wagtail page editor sends, from a page's current values,
so tests can edit one thing and submit the whole form as the admin does."""

from wagtail import blocks
from wagtail.fields import StreamField


def block_form_data(block, value, prefix: str) -> dict:
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        # Stream children and list children both carry .block, .value and .id;
        # only stream children also post their block type.
        children = value.bound_blocks if isinstance(block, blocks.ListBlock) else value
        data = {f"{prefix}-count": len(children)}
        for index, child in enumerate(children):
            item = f"{prefix}-{index}"
            data |= {f"{item}-deleted": "", f"{item}-order": index, f"{item}-id": child.id or ""}
            if isinstance(block, blocks.StreamBlock):
                data[f"{item}-type"] = child.block_type
            data |= block_form_data(child.block, child.value, f"{item}-value")
        return data
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data |= block_form_data(child_block, value[name], f"{prefix}-{name}")
        return data
    return {prefix: "" if value is None else value}


def page_edit_form_data(page, **changes) -> dict:
    """All editable fields of `page` as the edit form posts them, with `changes` applied
    (StreamField changes are given as the new StreamValue)."""
    data = {"title": page.title, "slug": page.slug, "seo_title": "", "search_description": ""}
    for field in page._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in data:
            continue
        value = changes.get(field.name, getattr(page, field.name, None))
        if isinstance(field, StreamField):
            data |= block_form_data(field.stream_block, value, field.name)
        elif field.is_relation:
            if value is not None and field.many_to_one:
                data[field.name] = value.pk
        elif value is not None and not isinstance(value, bool):
            data[field.name] = value
        elif value is True:
            data[field.name] = "on"
    return data
