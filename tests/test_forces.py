import pytest

from openpeel import forces


def test_registry_has_the_43_territorial_forces():
    all_forces = forces.all_forces()
    assert len(all_forces) == 43
    assert sum(f.country == "Wales" for f in all_forces) == 4
    assert {"metropolitan", "city-of-london", "northamptonshire", "avon-and-somerset"} <= {f.id for f in all_forces}


@pytest.mark.parametrize(
    "spelling, force_id",
    [
        ("Avon & Somerset", "avon-and-somerset"),
        ("Avon and Somerset Constabulary", "avon-and-somerset"),
        ("Metropolitan", "metropolitan"),
        ("Metropolitan Police Service", "metropolitan"),
        ("Metropolitan Police", "metropolitan"),
        ("London, City of", "city-of-london"),
        ("City of London Police", "city-of-london"),
        ("Devon & Cornwall ", "devon-and-cornwall"),
        ("Dyfed-Powys", "dyfed-powys"),
        ("E23000022", "northamptonshire"),
        ("WM", "west-midlands"),
    ],
)
def test_publisher_spellings_resolve(spelling, force_id):
    assert forces.resolve(spelling).id == force_id


def test_unknown_force_suggests_close_matches():
    with pytest.raises(forces.UnknownForce, match="northamptonshire"):
        forces.resolve("Northampton shire police x")
    with pytest.raises(forces.UnknownForce):
        forces.get("atlantis")


def test_registry_codes_match_the_ons_lookup():
    import csv

    from conftest import ONS

    with open(ONS / "lad-to-csp-to-pfa-dec2016-lookup.csv", encoding="utf-8-sig") as f:
        codes = {row["PFA16CD"]: row["PFA16NM"] for row in csv.DictReader(f)}
    assert len(codes) == 43
    for code, name in codes.items():
        assert forces.resolve(name).ons_code == code


def test_city_of_london_carries_a_warning():
    assert forces.get("city-of-london").warnings
    assert not forces.get("northamptonshire").warnings
