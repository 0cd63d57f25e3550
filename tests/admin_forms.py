"""Build the POST data of admin change forms with their inline formsets."""

TRIP_INLINES = [
    "delegates",
    "destinations",
    "follow_ups",
    "lessons",
    "attachments",
    "sections",
    "itinerary",
    "cost_lines",
    "transitions",
]
MEETING_INLINES = ["agenda_items", "minutes", "decisions"]


def inline_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = "" if value is None else str(value)
    return data


def form_data(fields, inlines, prefixes):
    data = {k: "" if v is None else str(v) for k, v in fields.items()}
    for prefix in prefixes:
        data.update(inline_data(prefix, inlines.get(prefix, [])))
    return data
