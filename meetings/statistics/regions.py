"""The world region of each country (the continents of the UN geoscheme), so trips can
be counted per region as well as per country."""

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "asia": (
        _("Asia"),
        "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV "
        "MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE",
    ),
    "europe": (
        _("Europe"),
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE LV "
        "LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB",
    ),
    "americas": (
        _("Americas"),
        "AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD "
        "GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX GS SR TT TC US UM "
        "UY VE VG VI",
    ),
    "oceania": (
        _("Oceania"),
        "AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
    ),
    "africa": (
        _("Africa"),
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS "
        "LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN "
        "UG EH ZM ZW IO TF",
    ),
    "antarctica": (_("Antarctica"), "AQ"),
}


def region_codes():
    """Region key → the country codes in it."""
    return {key: codes.split() for key, (_label, codes) in REGIONS.items()}


def region_label(key):
    return REGIONS[key][0]
