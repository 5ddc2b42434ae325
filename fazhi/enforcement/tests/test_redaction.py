"""Redaction for publication: a pure function, tested on each kind of personal information."""

from fazhi.enforcement.redaction import MASK, mask_name, redact


def test_names_keep_the_surname_and_compound_surnames_whole():
    assert mask_name("张三") == "张某"
    assert mask_name("欧阳娜娜") == "欧阳某"
    assert mask_name("司马光") == "司马某"
    assert mask_name("欧") == "欧某"
    text = "当事人张三、欧阳娜娜与张三丰在现场。"
    assert redact(text, ["张三", "欧阳娜娜", "张三丰"]) == "当事人张某、欧阳某与张某在现场。"


def test_id_numbers_18_with_x_and_15_digits():
    assert redact("身份证号52230119900101123X。") == f"身份证号{MASK}。"
    assert redact("身份证号52230119900101123x") == f"身份证号{MASK}"
    assert redact("旧证号522301900101123") == f"旧证号{MASK}"


def test_mobiles_in_any_spacing_and_with_country_code():
    for number in ("13812345678", "138 1234 5678", "138-1234-5678", "+86 13812345678", "+8613812345678"):
        assert redact(f"电话{number}。") == f"电话{MASK}。", number


def test_landlines_bank_accounts_and_email():
    assert redact("座机0859-3221234") == f"座机{MASK}"
    assert redact("座机（0859）3221234") == f"座机{MASK}"
    assert redact("账号6222 0212 3456 7890 123") == f"账号{MASK}"
    assert redact("邮箱 zhang.san@example.com 。") == f"邮箱 {MASK} 。"


def test_organisations_and_their_credit_code_stay():
    text = "贵州某某化工有限公司（统一社会信用代码91522301MA6DXXXX1Y）"
    assert redact(text, ["张三"]) == text


def test_empty_text():
    assert redact("", ["张三"]) == ""


def test_home_addresses_are_removed_but_a_companys_stays():
    text = ("当事人张三，住址：兴义市桔山街道纳具村三组28号，家住兴义市瑞金社区5栋2单元301室。"
            "某某化工有限公司，地址：兴义市工业园区1号。")
    out = redact(text, ["张三"])
    assert "纳具村三组28号" not in out and "5栋2单元301室" not in out
    assert out.startswith("当事人张某，住址：[已隐去]，家住[已隐去]。")
    assert "兴义市工业园区1号" in out
