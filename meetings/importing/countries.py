"""Chinese country names to ISO 3166-1 alpha-2 codes, and destination splitting.

``split_destinations("泰國清邁、日本東京")`` gives
``[{"country": "TH", "city": "清邁"}, {"country": "JP", "city": "東京"}]``: the longest
country name that prefixes a place is its country, the rest is the city as written.
"""

import re

COUNTRIES = {
    "泰國": "TH",
    "日本": "JP",
    "中國大陸": "CN",
    "大陸地區": "CN",
    "大陸": "CN",
    "中國": "CN",
    "中華人民共和國": "CN",
    "大韓民國": "KR",
    "韓國": "KR",
    "南韓": "KR",
    "美國": "US",
    "美利堅合眾國": "US",
    "比利時": "BE",
    "瑞士": "CH",
    "新加坡": "SG",
    "馬來西亞": "MY",
    "越南": "VN",
    "菲律賓": "PH",
    "印尼": "ID",
    "印度尼西亞": "ID",
    "澳大利亞": "AU",
    "澳洲": "AU",
    "紐西蘭": "NZ",
    "加拿大": "CA",
    "秘魯": "PE",
    "祕魯": "PE",
    "智利": "CL",
    "墨西哥": "MX",
    "法國": "FR",
    "德國": "DE",
    "英國": "GB",
    "荷蘭": "NL",
    "義大利": "IT",
    "意大利": "IT",
    "西班牙": "ES",
    "印度": "IN",
    "香港": "HK",
    "中國香港": "HK",
    "澳門": "MO",
    "巴布亞紐幾內亞": "PG",
    "巴紐": "PG",
    "俄羅斯": "RU",
    "俄國": "RU",
    "以色列": "IL",
    "土耳其": "TR",
    "南非": "ZA",
    "巴西": "BR",
    "阿根廷": "AR",
    "奧地利": "AT",
    "瑞典": "SE",
    "丹麥": "DK",
    "芬蘭": "FI",
    "挪威": "NO",
    "波蘭": "PL",
    "捷克": "CZ",
    "匈牙利": "HU",
    "希臘": "GR",
    "葡萄牙": "PT",
    "愛爾蘭": "IE",
    "盧森堡": "LU",
    "沙烏地阿拉伯": "SA",
    "沙烏地": "SA",
    "阿拉伯聯合大公國": "AE",
    "阿聯": "AE",
    "阿聯酋": "AE",
    "卡達": "QA",
    "汶萊": "BN",
    "柬埔寨": "KH",
    "寮國": "LA",
    "緬甸": "MM",
    "蒙古": "MN",
    "斐濟": "FJ",
    "帛琉": "PW",
    "史瓦帝尼": "SZ",
    "史瓦濟蘭": "SZ",
    "瓜地馬拉": "GT",
    "巴拉圭": "PY",
    "貝里斯": "BZ",
    "海地": "HT",
    "宏都拉斯": "HN",
    "尼加拉瓜": "NI",
    "薩爾瓦多": "SV",
    "哥斯大黎加": "CR",
    "巴拿馬": "PA",
    "多明尼加": "DO",
    "聖克里斯多福及尼維斯": "KN",
    "聖露西亞": "LC",
    "聖文森及格瑞那丁": "VC",
    "馬紹爾群島": "MH",
    "吐瓦魯": "TV",
    "諾魯": "NR",
    "索羅門群島": "SB",
    "萬那杜": "VU",
    "東加": "TO",
    "薩摩亞": "WS",
    "吉里巴斯": "KI",
    "帛琉共和國": "PW",
    "斯里蘭卡": "LK",
    "孟加拉": "BD",
    "巴基斯坦": "PK",
    "尼泊爾": "NP",
    "不丹": "BT",
    "馬爾地夫": "MV",
    "哈薩克": "KZ",
    "烏茲別克": "UZ",
    "伊朗": "IR",
    "伊拉克": "IQ",
    "約旦": "JO",
    "科威特": "KW",
    "巴林": "BH",
    "阿曼": "OM",
    "埃及": "EG",
    "摩洛哥": "MA",
    "奈及利亞": "NG",
    "肯亞": "KE",
    "衣索比亞": "ET",
    "索馬利蘭": "SO",
    "哥倫比亞": "CO",
    "委內瑞拉": "VE",
    "厄瓜多": "EC",
    "烏拉圭": "UY",
    "玻利維亞": "BO",
    "古巴": "CU",
    "牙買加": "JM",
    "冰島": "IS",
    "愛沙尼亞": "EE",
    "拉脫維亞": "LV",
    "立陶宛": "LT",
    "斯洛伐克": "SK",
    "斯洛維尼亞": "SI",
    "克羅埃西亞": "HR",
    "塞爾維亞": "RS",
    "羅馬尼亞": "RO",
    "保加利亞": "BG",
    "烏克蘭": "UA",
    "白俄羅斯": "BY",
    "馬爾他": "MT",
    "賽普勒斯": "CY",
    "列支敦斯登": "LI",
    "摩納哥": "MC",
    "梵蒂岡": "VA",
    "教廷": "VA",
    "臺灣": "TW",
    "台灣": "TW",
    "東帝汶": "TL",
    "北韓": "KP",
    "朝鮮": "KP",
}
# Places that stand for their country when no country is written.
CITY_COUNTRIES = {
    "布魯塞爾": "BE",
    "日內瓦": "CH",
    "東京": "JP",
    "首爾": "KR",
    "曼谷": "TH",
    "華盛頓": "US",
    "巴黎": "FR",
    "倫敦": "GB",
    "維也納": "AT",
    "吉隆坡": "MY",
    "雅加達": "ID",
    "馬尼拉": "PH",
    "河內": "VN",
}
_NAMES = sorted(COUNTRIES, key=len, reverse=True)
_SPLIT_RE = re.compile(r"\s*(?:[、，,；;/／]|及|與|以及|\s{2,})\s*")
_AND_RE = re.compile(r"和")
_STRIP = " \t　()（）「」。."
_PREFIX_RE = re.compile(r"^(?:前往|赴|至|到)")


def country_code(name):
    """Return the ISO code for a Chinese country name, or None."""
    if not name:
        return None
    name = name.strip(_STRIP)
    if re.fullmatch(r"[A-Za-z]{2}", name):
        return name.upper()
    return COUNTRIES.get(name)


def split_place(place):
    """Split one place into ``(country, city)``; either may be None."""
    place = _PREFIX_RE.sub("", place.strip(_STRIP))
    for name in _NAMES:
        if place.startswith(name):
            city = place[len(name) :].strip(_STRIP + "-－")
            return COUNTRIES[name], city or None
    for city, code in CITY_COUNTRIES.items():
        if place.startswith(city):
            return code, place or None
    return None, place or None


def _parts(text):
    for part in _SPLIT_RE.split(text):
        pieces = _AND_RE.split(part)
        if len(pieces) > 1 and all(split_place(p)[0] for p in pieces[1:]):
            yield from pieces
        else:
            yield part


def split_destinations(text):
    """Return ``[{"country", "city"}]`` for a destination list, one per distinct place."""
    result = []
    previous = None
    for part in _parts(text or ""):
        part = part.strip(_STRIP)
        if not part:
            continue
        country, city = split_place(part)
        if country is None and previous is not None:
            country = previous
        previous = country or previous
        entry = {"country": country, "city": city}
        if entry not in result:
            result.append(entry)
    return result


def merge_destinations(*lists):
    """Merge destination lists, dropping a bare country already given with a city."""
    merged = []
    for entries in lists:
        for entry in entries:
            if entry not in merged:
                merged.append(entry)
    with_city = {e["country"] for e in merged if e["city"]}
    return [e for e in merged if e["city"] or e["country"] not in with_city]
