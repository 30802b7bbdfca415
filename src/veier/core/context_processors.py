from django.urls import reverse

from veier.core.areas import AREAS


def navigation(request):
    items = []
    for area in AREAS:
        url = reverse(area.url_name)
        items.append({"area": area, "url": url, "current": request.path.startswith(url)})
    return {"nav_items": items}
