import pytest
from django.core.exceptions import ValidationError

from fazhi.core.choices import RegionLevel
from fazhi.core.validators import (
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_region_code,
    validate_uscc,
)


def test_a_published_credit_code_passes_the_gb32100_check():
    # The worked example printed in GB 32100-2015 itself.
    validate_uscc("91350100M000100Y43")


def test_a_generated_credit_code_carries_both_check_characters():
    code = make_uscc("11", "522300", "MB179225")
    assert len(code) == 18
    assert code[16] == org_code_check_char("MB179225")
    assert code[17] == uscc_check_char(code[:17])
    validate_uscc(code)


@pytest.mark.parametrize("bad", ["", "1234", "91350100M000100Y44", "91350100M000100YI3", "1110000000001312 B"])
def test_a_malformed_or_miscounted_credit_code_is_refused_in_chinese(bad):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(bad)
    assert "统一社会信用代码" in exc.value.messages[0]


@pytest.mark.parametrize(
    "code, level, parent, ok",
    [
        ("522300", RegionLevel.PREFECTURE, None, True),
        ("522301", RegionLevel.PREFECTURE, None, False),  # a prefecture code ends in 00
        ("522301", RegionLevel.COUNTY, "522300", True),
        ("532301", RegionLevel.COUNTY, "522300", False),  # another prefecture's prefix
        ("52230", RegionLevel.COUNTY, "522300", False),
        ("522301100", RegionLevel.TOWNSHIP, "522301", True),
        ("522328100", RegionLevel.TOWNSHIP, "522301", False),  # belongs to 安龙县, not 兴义市
        ("5223011", RegionLevel.TOWNSHIP, "522301", False),
        ("522301100201", RegionLevel.VILLAGE, "522301100", True),
        ("522301100", RegionLevel.VILLAGE, "522301100", False),
    ],
)
def test_region_codes_have_the_length_of_their_level_and_extend_their_parent(code, level, parent, ok):
    if ok:
        validate_region_code(code, level, parent)
    else:
        with pytest.raises(ValidationError):
            validate_region_code(code, level, parent)
