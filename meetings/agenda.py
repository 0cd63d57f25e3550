"""Agenda trees and minutes grouped by agenda item, for many meetings at once.

The pages read every agenda item and every minutes block of all the meetings shown
in two queries and build the trees in Python, so a trip with many meetings costs no
more queries than a trip with one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .models import AgendaItem, MinuteBlock


@dataclass
class AgendaNode:
    item: AgendaItem
    children: list = field(default_factory=list)


@dataclass
class MinuteGroup:
    """The minutes blocks of one agenda item (`item` is None for the general ones)."""

    item: AgendaItem | None
    blocks: list


def build_tree(items):
    """Nodes for the root items, children nested; `items` come in agenda order.

    An item whose parent is missing (or belongs elsewhere) is shown at the top level;
    an item caught in a parent cycle is left out rather than looping forever.
    """
    known = {item.pk for item in items}
    children = defaultdict(list)
    roots = []
    for item in items:
        if item.parent_id in known:
            children[item.parent_id].append(item)
        else:
            roots.append(item)

    seen = set()

    def node(item):
        seen.add(item.pk)
        return AgendaNode(
            item, [node(child) for child in children[item.pk] if child.pk not in seen]
        )

    return [node(root) for root in roots]


def flatten(nodes):
    for node in nodes:
        yield node.item
        yield from flatten(node.children)


def attach_agendas(meetings):
    """Give each meeting `agenda_tree` (AgendaNode list) and `minute_groups`."""
    meetings = list(meetings)
    if not meetings:
        return meetings
    ids = [m.pk for m in meetings]
    items_by_meeting = defaultdict(list)
    for item in AgendaItem.objects.filter(meeting_id__in=ids).order_by("meeting_id", "order"):
        items_by_meeting[item.meeting_id].append(item)
    blocks_by_meeting = defaultdict(list)
    for block in MinuteBlock.objects.filter(meeting_id__in=ids).order_by("meeting_id", "order"):
        blocks_by_meeting[block.meeting_id].append(block)

    for meeting in meetings:
        tree = build_tree(items_by_meeting[meeting.pk])
        meeting.agenda_tree = tree
        meeting.minute_groups = group_minutes(list(flatten(tree)), blocks_by_meeting[meeting.pk])
    return meetings


def group_minutes(items_in_order, blocks):
    """Minutes under their agenda item, in agenda order; the rest last, in their order."""
    by_item = defaultdict(list)
    loose = []
    positions = {item.pk: item for item in items_in_order}
    for block in blocks:
        if block.agenda_item_id in positions:
            block.agenda_item = positions[block.agenda_item_id]
            by_item[block.agenda_item_id].append(block)
        else:
            loose.append(block)
    groups = [MinuteGroup(item, by_item[item.pk]) for item in items_in_order if by_item[item.pk]]
    if loose:
        groups.append(MinuteGroup(None, loose))
    return groups
