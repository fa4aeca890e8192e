"""Where each centre is: latitude and longitude, both or neither, within their ranges, set in
the back office, by import and by the demo, and read by the dashboard's map."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from demo.programs.loader import load_reference
from demo.programs.reference import CENTRE_CODES
from programs.models import Centre
from tests.conftest import verified_login
from tests.factories import CentreFactory, RegionFactory
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table

pytestmark = pytest.mark.django_db


def _errors(centre: Centre) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        centre.full_clean()
    return refused.value.message_dict


@pytest.mark.parametrize(
    "latitude,longitude,field,words",
    [
        ("90.5", "69.6", "latitude", "between -90 and 90"),
        ("-91", "69.6", "latitude", "between -90 and 90"),
        ("40.3", "180.01", "longitude", "between -180 and 180"),
        ("40.3", "-200", "longitude", "between -180 and 180"),
    ],
)
def test_a_coordinate_out_of_range_is_refused_naming_its_field(latitude, longitude, field, words):
    centre = CentreFactory.build(
        region=RegionFactory(), latitude=Decimal(latitude), longitude=Decimal(longitude)
    )
    errors = _errors(centre)
    assert list(errors) == [field]
    assert words in errors[field][0] and f"The {field} is in degrees" in errors[field][0]


def test_one_coordinate_without_the_other_is_refused_naming_the_missing_one():
    centre = CentreFactory.build(region=RegionFactory(), latitude=Decimal("40.28"))
    assert _errors(centre) == {
        "longitude": ["Give the latitude and the longitude together, or neither."]
    }
    centre.latitude, centre.longitude = None, Decimal("69.62")
    assert list(_errors(centre)) == ["latitude"]
    # Neither is a centre not yet placed: allowed.
    centre.longitude = None
    centre.full_clean()


def _import(rows, user, headers=("code", "name", "town", "region", "latitude", "longitude")):
    importer = get_importer("centres")(acting_user=user)
    return run_import(importer, Table(headers=list(headers), rows=rows), acting_user=user)


def test_the_centres_import_sets_the_coordinates_and_names_a_wrong_one(administrator):
    RegionFactory(code="TJ-SU")
    RegionFactory(code="TJ-GB")
    _import(
        [
            ["khujand-2", "Khujand II", "Khujand", "TJ-SU", "40.2826", "69.6221"],
            # A comma before the decimals, as Russian writes it; blank: not on the map.
            ["khorog-2", "Khorog II", "Khorog", "TJ-GB", "37,4897", "71,553"],
            ["murghob", "Murghob", "Murghob", "TJ-GB", "", ""],
        ],
        administrator,
    )
    placed = {
        centre.code: (centre.latitude, centre.longitude)
        for centre in Centre.objects.filter(code__in=["khujand-2", "khorog-2", "murghob"])
    }
    assert placed == {
        "khujand-2": (Decimal("40.2826"), Decimal("69.6221")),
        "khorog-2": (Decimal("37.4897"), Decimal("71.553")),
        "murghob": (None, None),
    }

    with pytest.raises(ImportInvalid) as invalid:
        _import(
            [
                ["khujand-2", "Khujand II", "Khujand", "TJ-SU", "402826", "69.6221"],
                ["khorog-2", "Khorog II", "Khorog", "TJ-GB", "north", "71.553"],
            ],
            administrator,
        )
    errors = {(error.row, error.column, error.message) for error in invalid.value.errors}
    assert {(row, column) for row, column, _ in errors} == {(2, "latitude"), (3, "latitude")}
    messages = {row: [message for r, _, message in errors if r == row] for row in (2, 3)}
    assert any("between -90 and 90" in message for message in messages[2]), messages
    assert messages[3] == ["“north” is not a number of degrees, e.g. 40.2826."]
    # Nothing changed.
    assert Centre.objects.get(code="khujand-2").latitude == Decimal("40.2826")


def test_the_back_office_saves_a_centre_s_coordinates(client, administrator):
    centre = CentreFactory(name="Garm", town="Garm")
    verified_login(client, administrator)
    url = reverse("admin:programs_centre_change", args=[centre.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="latitude"' in page.text and 'name="longitude"' in page.text
    form = {
        "code": centre.code,
        "name": centre.name,
        "town": centre.town,
        "region": centre.region_id,
        "latitude": "39.0206",
        "longitude": "",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Give the latitude and the longitude together, or neither." in refused.text
    centre.refresh_from_db()
    assert centre.latitude is None

    form["longitude"] = "70.3675"
    saved = client.post(url, form)
    assert saved.status_code == 302, saved.text[:2000]
    centre.refresh_from_db()
    assert (centre.latitude, centre.longitude) == (Decimal("39.0206"), Decimal("70.3675"))


def test_the_demo_places_its_eight_centres_in_tajikistan():
    centres = load_reference().centres
    assert sorted(centres) == sorted(CENTRE_CODES)
    for code, centre in centres.items():
        centre.refresh_from_db()
        # Tajikistan lies between 36.6° and 41.1° north and 67.3° and 75.2° east.
        assert Decimal("36.6") < centre.latitude < Decimal("41.1"), code
        assert Decimal("67.3") < centre.longitude < Decimal("75.2"), code
    # Khujand is the northernmost, Khorog the easternmost.
    assert max(centres.values(), key=lambda centre: centre.latitude).code == "khujand"
    assert max(centres.values(), key=lambda centre: centre.longitude).code == "khorog"
