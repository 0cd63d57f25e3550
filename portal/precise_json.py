"""Django's JSON serializer without its millisecond rounding of times.

DjangoJSONEncoder cuts datetimes to milliseconds; a backup must give back exactly
what was stored, so this one keeps the microseconds. The output is ordinary Django
JSON: `loaddata` reads it with the standard deserializer.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = django_json.Deserializer
