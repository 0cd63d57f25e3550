"""The tokeniser and query parser shared by both engines."""

from meetings.search.query import parse
from meetings.search.tokens import tokenize


def test_cjk_runs_become_overlapping_bigrams():
    assert tokenize("單一窗口") == ["單一", "一窗", "窗口"]


def test_a_lone_cjk_character_stays_itself():
    assert tokenize("關 APEC") == ["關", "apec"]


def test_latin_words_are_whole_lower_case_words():
    assert tokenize("Single-Window, COVID-19") == ["single", "window", "covid", "19"]


def test_full_width_forms_are_normalised():
    assert tokenize("ＡＰＥＣ　２０２２") == tokenize("APEC 2022") == ["apec", "2022"]


def test_mixed_text_splits_scripts():
    assert tokenize("2022年APEC海關") == ["2022", "年", "apec", "海關"]


def test_a_two_character_query_is_one_term():
    query = parse("海關")
    assert [p.terms for c in query.clauses for p in c.alternatives] == [("海關",)]
    assert query.fts5() == '"海關"'
    assert query.tsquery() == "(('海關'))"


def test_a_longer_chinese_term_is_a_phrase_of_bigrams():
    assert parse("單一窗口").fts5() == '"單一 一窗 窗口"'
    assert parse("單一窗口").tsquery() == "(('單一' <-> '一窗' <-> '窗口'))"


def test_words_are_all_required_and_quotes_make_a_phrase():
    assert parse('海關 "single window" apec').fts5() == '"single window" AND "海關" AND "apec"'


def test_syntax_characters_never_reach_the_engine():
    query = parse("NEAR( \"a* - ) AND OR ' ; --")
    assert query.fts5() == '"near" AND "a" AND "and" AND "or"'
    assert query.tsquery() == "(('near')) & (('a')) & (('and')) & (('or'))"


def test_only_punctuation_is_an_empty_query():
    assert not parse('"*"( -)')
