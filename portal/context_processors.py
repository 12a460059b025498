from wagtail.models import Site


def site_navigation(request):
    """Top-level pages editors marked 'show in menus', for the header navigation."""
    site = Site.find_for_request(request)
    if site is None:
        return {"site_nav_pages": []}
    return {"site_nav_pages": site.root_page.get_children().live().in_menu()}
