"""Writes of the region's catalogue side. Region schema; each service takes the region.

- curation.py: the region admin's collection choice and hidden items;
- materials.py: teachers give catalogue items with homework and lessons.

No service here writes CatalogueItem: only the sync layer, through catalogue.replica
does, and nothing it writes touches what these services write.
"""

from catalogue.services.curation import choose_collections, hide_item, unhide_item
from catalogue.services.materials import attach_material, detach_material

__all__ = ["attach_material", "choose_collections", "detach_material", "hide_item", "unhide_item"]
