"""Hand-off URLs and the ticket partner's allow-list (1d; D3)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from jobexp.domain.geo import CoarseLocation, Coordinates
from jobexp.domain.handoff import TICKET_FIELDS, Destination, navigation_url, ticket_request

DEST = Destination("West Lake", Coordinates(30.2425, 120.1486))
HOME = Coordinates(30.2741, 120.1551)


def test_an_amap_hand_off_carries_the_destination_and_no_origin_unless_given() -> None:
    share = navigation_url("amap", "https://uri.amap.com/", DEST, None)
    url = urlsplit(share.url)
    assert (url.scheme, url.netloc, url.path) == ("https", "uri.amap.com", "/navigation")
    query = parse_qs(url.query)
    assert query["to"] == ["120.1486,30.2425,West Lake"]
    assert "from" not in query
    assert share.fields == ("destination",) and share.categories == ("location_precise",)


def test_an_amap_hand_off_carries_the_origin_when_given() -> None:
    share = navigation_url("amap", "https://uri.amap.com", DEST, HOME)
    assert parse_qs(urlsplit(share.url).query)["from"] == ["120.1551,30.2741"]
    assert share.fields == ("destination", "origin")


def test_a_named_destination_is_searched_for_and_counts_as_recognized_text() -> None:
    share = navigation_url("amap", "https://uri.amap.com", Destination("人民广场"), None)
    assert urlsplit(share.url).path == "/search"
    assert parse_qs(urlsplit(share.url).query)["keyword"] == ["人民广场"]
    assert share.categories == ("voice_recognition_results",)


def test_a_geo_uri_never_carries_an_origin() -> None:
    share = navigation_url("geo", "", DEST, HOME)
    assert share.url == "geo:30.2425,120.1486?q=30.2425,120.1486(West%20Lake)"
    assert share.fields == ("destination",)
    assert navigation_url("geo", "", Destination("a&b"), None).url == "geo:0,0?q=a%26b"


def test_the_ticket_partner_gets_only_allow_listed_fields() -> None:
    both = ticket_request("two tickets to Hangzhou", CoarseLocation("31.23", "121.47"))
    assert set(both.payload()) <= set(TICKET_FIELDS)
    assert both.payload() == {
        "query": "two tickets to Hangzhou",
        "near": {"latitude": "31.23", "longitude": "121.47"},
    }
    assert both.categories == ("location_coarse", "voice_recognition_results")
    text_only = ticket_request("a film tonight", None)
    assert text_only.payload() == {"query": "a film tonight"}
    assert text_only.fields == ("query",) and text_only.categories == ("voice_recognition_results",)


def test_a_place_search_cannot_carry_an_origin_so_none_is_recorded() -> None:
    share = navigation_url("amap", "https://uri.amap.com", Destination("人民广场"), HOME)
    assert "from" not in parse_qs(urlsplit(share.url).query)
    assert share.fields == ("destination",)
