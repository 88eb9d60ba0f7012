"""Unified social credit codes: GB 32100-2015 check characters, valid and corrupted."""

import pytest

from pacesetter.errors import InputError
from pacesetter.model.entities import Enterprise
from pacesetter.model.uscc import check_character, validate_uscc

# Published codes (business licences shown on the companies' own disclosures):
# Haier Group Corporation 91370200163562681G; Goertek Inc. 91370700729253432M.
VALID = ["91370200163562681G", "91370700729253432M"]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_pass(code: str) -> None:
    assert validate_uscc(code.lower()) == code


def test_check_character_by_hand() -> None:
    # weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 over "91370200163562681":
    # 9+3+27+189+0+52+0+0+20+174+75+65+48+48+60+240+28 = 1038; 1038 mod 31 = 15;
    # 31 - 15 = 16 -> character 16 of 0-9A-H J-N P-R T U W-Y is "G".
    assert check_character("91370200163562681") == "G"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91370200163562681H", "check"),  # wrong check character
        ("91370200163562618G", "check"),  # transposed digits
        ("91370200163562681", "18 characters"),
        ("9137020016356268IG", "outside"),  # I is not in the GB 32100 alphabet
    ],
)
def test_corrupted_codes_fail_with_a_reason(code: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        validate_uscc(code)


def test_enterprise_validates_its_code_when_present() -> None:
    assert Enterprise(id="e1", name_zh="海尔集团", uscc=VALID[0]).uscc == VALID[0]
    assert Enterprise(id="e2", name_zh="无代码企业").uscc is None
    with pytest.raises(ValueError, match="check"):
        Enterprise(id="e3", name_zh="错码企业", uscc="91370200163562681H")
