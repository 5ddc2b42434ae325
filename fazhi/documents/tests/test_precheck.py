"""The automatic legality pre-check: per-rule behaviour, offsets, HTML highlighting and the corpus score.

Plain tests: precheck.py imports nothing from Django and no test here touches the database.
"""

import ast
import dataclasses
import inspect
import sys

import pytest

from fazhi.documents import precheck as precheck_module
from fazhi.documents.precheck import RULES, Finding, highlight_html, precheck, split_sentences
from fazhi.documents.tests.precheck_corpus import CORPUS, HELDOUT, HELDOUT_2, HELDOUT_3

FULL_DOC_TAIL = "\n本办法自2024年3月1日起施行，有效期五年。"


def rules_of(text, **kwargs):
    return {f.rule for f in precheck(text, **kwargs)}


def only(rule, text, **kwargs):
    found = [f for f in precheck(text, **kwargs) if f.rule == rule]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------------------------ interface


def test_finding_is_a_frozen_dataclass_with_the_agreed_fields():
    names = [f.name for f in dataclasses.fields(Finding)]
    assert names == ["rule", "rule_label", "legal_source", "sentence", "start", "end",
                     "match_start", "match_end", "explanation"]
    f = only("sets_penalty", "对违反本办法的，处以五千元罚款。")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "x"


def test_precheck_signature_is_the_agreed_one():
    params = inspect.signature(precheck).parameters
    assert list(params) == ["text", "title", "validity_years", "max_validity_years", "cited_basis"]
    assert params["max_validity_years"].default == 5
    assert params["cited_basis"].default is False
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for name, p in params.items() if name != "text")


def test_the_module_imports_nothing_from_django():
    tree = ast.parse(inspect.getsource(precheck_module))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [m for m in imported if m.startswith("django")]


def test_every_finding_names_its_rule_label_and_source_in_chinese():
    text = "对违反本办法的，处以五千元罚款。未经州商务局批准，不得开业。"
    for f in precheck(text):
        assert f.rule_label == RULES[f.rule][0]
        assert f.legal_source.startswith(("《", "参照", "规范性文件"))
        assert f.explanation and "。" in f.explanation


def test_empty_text_has_no_findings():
    assert precheck("") == []
    assert precheck("  \n ") == []


# ------------------------------------------------------------------------------------- licence


def test_a_prior_approval_created_by_the_draft_is_a_licence():
    f = only("sets_licence", "从事户外广告设置的，须经州住房和城乡建设局审批同意后方可施工。")
    assert f.legal_source == "《行政许可法》第十七条"
    assert "须经" in f.sentence[f.match_start - f.start:f.match_end - f.start]


def test_a_filing_used_as_a_gate_is_a_disguised_licence():
    assert "sets_licence" in rules_of("从事农家乐经营的，应当先向乡镇人民政府备案，未经备案不得营业。")


def test_referring_to_an_existing_licence_is_not_a_licence():
    assert "sets_licence" not in rules_of("从事食品经营的，应当依法办理许可手续。")
    assert "sets_licence" not in rules_of("依照《中华人民共和国食品安全法》的规定，经批准后方可从事食品生产。")


def test_forbidding_disguised_licences_is_not_a_licence():
    assert rules_of("各部门不得以备案、登记、年检等形式变相设定行政许可，不再实行审批管理。") == {"no_effective_date"}


def test_an_approval_inside_the_administration_is_not_a_licence():
    assert "sets_licence" not in rules_of("未经州人民政府同意，县级人民政府不得自行出台优惠政策。")


# ------------------------------------------------------------------------------------- penalty


def test_a_fine_for_breaking_the_draft_is_a_new_penalty():
    f = only("sets_penalty", "对违反本办法的，处以五千元罚款。")
    assert f.legal_source == "《行政处罚法》第十六条"
    assert f.sentence[f.match_start - f.start:f.match_end - f.start] == "处以五千元罚款"


def test_restating_a_named_laws_penalty_is_lawful():
    text = "违反本办法规定的，依照《中华人民共和国行政处罚法》的有关规定，由市场监督管理部门依法予以处罚。"
    assert "sets_penalty" not in rules_of(text)
    assert "sets_penalty" not in rules_of("违反本办法第九条的，依照《中华人民共和国食品安全法》第一百二十六条处五千元罚款。")


def test_a_generic_依法予以处罚_is_lawful_but_a_bare_予以处罚_is_not():
    assert "sets_penalty" not in rules_of("对违反本办法的，由有关部门依法予以处罚。")
    assert "sets_penalty" in rules_of("对违反本办法的，予以处罚。")


def test_依法_does_not_cover_a_fixed_fine_for_breaking_the_draft():
    assert "sets_penalty" in rules_of("违反本规定的，由县市场监督管理局依法处以一万元罚款。")


def test_other_kinds_of_penalty_are_recognised():
    assert "sets_penalty" in rules_of("情节严重的，吊销其营业执照。")
    assert "sets_penalty" in rules_of("对违规经营的，责令停产停业。")
    assert "sets_penalty" in rules_of("经营者违反本办法的，予以通报批评。")


def test_internal_discipline_and_fines_to_treasury_are_not_penalties():
    assert "sets_penalty" not in rules_of("对工作不力的部门予以通报批评，对责任人员依法依规给予处分。")
    assert "sets_penalty" not in rules_of("罚没收入全额上缴国库，不得将罚款与考核挂钩。")


# ---------------------------------------------------------------------------------- compulsory


def test_seizure_set_by_the_draft_is_a_compulsory_measure():
    f = only("sets_compulsory", "对拒不改正的，执法部门可以予以查封、扣押其经营工具。")
    assert f.legal_source == "《行政强制法》第十条第四款"


def test_forced_demolition_and_late_fees_are_compulsory_enforcement():
    f = only("sets_compulsory", "逾期不拆除的，由城市管理部门强制拆除。")
    assert f.legal_source == "《行政强制法》第十三条"
    assert "sets_compulsory" in rules_of("对欠缴的，每日加收千分之五的滞纳金。")


def test_custody_of_seized_goods_and_court_enforcement_are_lawful():
    assert "sets_compulsory" not in rules_of("执法人员查封、扣押的财物，应当妥善保管，不得使用或者损毁。")
    assert "sets_compulsory" not in rules_of("当事人逾期不履行的，行政机关可以申请人民法院强制执行。")
    assert "sets_compulsory" not in rules_of("需要扣押的，应当依照《中华人民共和国行政强制法》规定的程序实施扣押。")


# ------------------------------------------------------------------------------------------ fee


def test_a_fee_or_deposit_without_basis_is_reported():
    f = only("sets_fee", "申请办理摊位登记的，应当缴纳摊位管理费每月二百元。")
    assert f.legal_source == "《优化营商环境条例》第二十五条"
    assert "sets_fee" in rules_of("中标企业应当缴纳五十万元履约保证金。")


def test_forbidding_fees_and_paying_taxes_or_insurance_are_not_fees():
    assert "sets_fee" not in rules_of("行政机关实施行政许可，不得收取任何费用。")
    assert "sets_fee" not in rules_of("经营者应当依法纳税，依法为职工缴纳社会保险费。")
    assert "sets_fee" not in rules_of("停车服务按照经州发展改革部门核定的标准收取停车费。")


def test_a_fee_named_in_a_breach_is_not_set_by_the_sentence():
    assert "sets_fee" not in rules_of("对拒不缴纳卫生保洁费的商户，由市场管理部门督促整改。")


# ----------------------------------------------------------------------------------- obligation


def test_a_duty_on_business_without_basis_is_reported():
    f = only("adds_obligation", "各类商户应当每季度向社区报送经营情况报表。")
    assert f.legal_source == "《优化营商环境条例》第六十四条"


def test_a_duty_that_quotes_its_basis_is_not_reported():
    text = "生产经营单位应当按照《中华人民共和国安全生产法》第四十五条的规定，为从业人员配备劳动防护用品。"
    assert "adds_obligation" not in rules_of(text)


def test_a_generic_按照有关规定_counts_only_when_the_basis_is_listed():
    text = "企业应当按照有关规定每季度报送用工情况。"
    assert "adds_obligation" in rules_of(text)
    assert "adds_obligation" not in rules_of(text, cited_basis=True)


def test_duties_of_the_administration_are_not_obligations_of_citizens():
    assert "adds_obligation" not in rules_of("县级人民政府应当组织企业参加培训，州司法局应当加强指导。")
    assert "adds_obligation" not in rules_of("鼓励企业购买安全生产责任保险。")


# ------------------------------------------------------------------------------------- rights


def test_taking_away_benefits_as_a_sanction_is_reported():
    f = only("reduces_rights", "对拒不配合征收工作的住户，暂停其家庭成员享受城乡低保待遇。")
    assert f.legal_source == "《优化营商环境条例》第六十四条"
    assert "reduces_rights" in rules_of("被列入失信名单的企业，三年内不得参加政府投资项目投标。")
    assert "reduces_rights" in rules_of("有异议的，应当向县人民政府反映，不得越级上访。")


def test_ordinary_refusals_and_remedies_do_not_reduce_rights():
    assert "reduces_rights" not in rules_of("对不符合申请条件的，一次性告知申请人不予受理的理由。")
    assert "reduces_rights" not in rules_of("当事人不服的，可以依法申请行政复议或者提起行政诉讼。")
    assert "reduces_rights" not in rules_of("被列入严重失信主体名单的，依法限制其参加政府采购。")


# -------------------------------------------------------------------------------- competition


def test_a_designated_supplier_restricts_competition():
    f = only("restricts_competition", "全州校服统一由州教育局指定的供应商生产供应。")
    assert f.legal_source == "《公平竞争审查条例》第八条"


def test_a_tax_rebate_for_particular_firms_cites_article_ten():
    f = only("restricts_competition", "对新引进企业，按其缴纳增值税地方留成部分的百分之五十给予返还。")
    assert f.legal_source == "《公平竞争审查条例》第十条"


def test_forbidding_designation_is_lawful():
    assert "restricts_competition" not in rules_of("任何单位不得以任何形式指定或者变相指定中介服务机构。")
    assert "restricts_competition" not in rules_of("鼓励企业自主选择检测机构，在指定的政府网站公布名录。")


def test_a_negated_lead_in_governs_the_enumerated_items_below_it():
    text = "行政机关不得有下列行为：\n（一）指定企业购买特定品牌的设备；\n（二）限定经营者使用特定公司的服务。\n"
    assert "restricts_competition" not in rules_of(text)
    # …but not the article after the list
    text += "第五条　全州学生校服由州教育局指定的供应商供应。"
    assert "restricts_competition" in rules_of(text)


# --------------------------------------------------------------------------- local protection


def test_local_only_conditions_are_local_protection():
    f = only("local_protection", "参加本州政府采购活动的供应商，仅限本州企业。")
    assert f.legal_source == "《公平竞争审查条例》第九条"
    assert "local_protection" in rules_of("外地企业在本州承接工程的，须在本州设立子公司。")
    assert "local_protection" in rules_of("政府投资项目的建材，应当优先从本州企业采购。")


def test_equal_treatment_of_outside_firms_is_lawful():
    text = "对外地企业与本地企业一视同仁，不得要求外地企业在本地设立分支机构。"
    assert "local_protection" not in rules_of(text)
    assert "local_protection" not in rules_of("各县可以结合本地实际，制定实施细则。")


# -------------------------------------------------------------------------------- retroactive


def test_applying_the_draft_to_earlier_matters_is_retroactive():
    f = only("retroactive", "本办法施行前已经立项的项目，按照本办法执行。")
    assert f.legal_source == "《立法法》第一百零四条"


def test_lenient_or_favourable_transition_is_not_retroactive():
    assert "retroactive" not in rules_of("本办法施行前发生的行为，按照本办法不认为违法或者处罚较轻的，适用本办法。")
    assert "retroactive" not in rules_of("本办法施行前的事项，不适用本办法。")
    assert "retroactive" not in rules_of("本办法不溯及既往。建立农产品质量追溯体系。")


def test_an_effective_date_before_the_signing_date_is_retroactive():
    text = "关于调整占道经营管理的通知\n一、主干道禁止占道经营。\n二、本通知自2023年1月1日起执行。\n兴义市人民政府\n2023年6月12日"
    f = only("retroactive", text)
    assert f.sentence == "二、本通知自2023年1月1日起执行。"
    assert "2023-01-01" in f.explanation and "2023-06-12" in f.explanation


def test_dates_in_chinese_numerals_are_read():
    text = "本规定自二〇二三年一月一日起施行。\n二〇二三年四月十日"
    assert "retroactive" in rules_of(text)
    assert "retroactive" not in rules_of("本规定自二〇二三年五月一日起施行。\n二〇二三年四月十日")


# ----------------------------------------------------------------------------------- validity


@pytest.mark.parametrize("words, flagged", [("五年", False), ("5年", False), ("十年", True), ("6年", True),
                                            ("十二年", True), ("两年", False)])
def test_validity_in_years_is_compared_with_the_limit(words, flagged):
    text = f"本办法自印发之日起施行，有效期{words}。"
    assert ("validity_too_long" in rules_of(text)) is flagged


def test_the_limit_is_a_parameter():
    text = "本办法自印发之日起施行，有效期三年。"
    assert "validity_too_long" not in rules_of(text)
    f = only("validity_too_long", text, title="某某管理暂行办法", max_validity_years=2)
    assert "3年" in f.explanation and "2年" in f.explanation and "暂行" in f.explanation


def test_open_ended_and_until_date_validity_are_checked():
    assert "validity_too_long" in rules_of("本意见自发布之日起施行，长期有效。")
    assert "validity_too_long" in rules_of("本办法自2024年7月1日起施行，有效期至2034年6月30日。")
    assert "validity_too_long" not in rules_of("本办法自2024年7月1日起施行，有效期至2029年6月30日。")


def test_the_validity_of_a_certificate_is_not_the_documents():
    assert "validity_too_long" not in rules_of("取得的《乡村建设规划许可证》有效期为十年。" + FULL_DOC_TAIL)


def test_the_declared_validity_is_checked_beside_the_text():
    f = only("validity_too_long", "本通知自印发之日起施行。", validity_years=8)
    assert (f.sentence, f.start, f.end) == ("", 0, 0)
    assert "8年" in f.explanation
    assert "validity_too_long" not in rules_of("本通知自印发之日起施行。", validity_years=5)


# -------------------------------------------------------------------------------- effective date


def test_a_text_without_an_effective_date_is_reported_once():
    found = precheck("关于加强管理的通知\n一、各县要落实责任。\n本通知由州司法局负责解释。")
    assert [f.rule for f in found] == ["no_effective_date"]
    assert (found[0].sentence, found[0].start, found[0].end) == ("", 0, 0)


@pytest.mark.parametrize("clause", ["本办法自印发之日起施行。", "本办法自2024年1月1日起施行。",
                                    "本办法自发布之日起三十日后施行。", "本规定自二〇二四年九月一日起实施。"])
def test_the_usual_effective_date_clauses_are_recognised(clause):
    assert "no_effective_date" not in rules_of("第一条　各部门要自觉执行。\n" + clause)


# --------------------------------------------------------------------------------------- offsets


def test_offsets_point_at_the_offending_sentence_in_the_text():
    text = ("第一条　为规范管理，制定本办法。\n"
            "  第二条　经营者违反本办法第六条规定的，处五千元罚款。\n"
            "第三条　各部门不得指定中介服务机构；全州校服由州教育局指定的供应商供应！\n"
            "第四条　本办法自2024年1月1日起施行。")
    found = precheck(text)
    assert [f.rule for f in found] == ["sets_penalty", "restricts_competition"]
    for f in found:
        assert text[f.start:f.end] == f.sentence
        assert f.start <= f.match_start < f.match_end <= f.end
    penalty, competition = found
    assert penalty.sentence == "第二条　经营者违反本办法第六条规定的，处五千元罚款。"
    assert text[penalty.match_start:penalty.match_end] == "处五千元罚款"
    assert competition.sentence == "全州校服由州教育局指定的供应商供应！"
    assert text[competition.match_start:competition.match_end].startswith("指定")


def test_sentences_split_on_chinese_punctuation_and_line_breaks_keeping_offsets():
    text = "甲。乙；丙！\n　丁？戊"
    parts = split_sentences(text)
    assert [p.text for p in parts] == ["甲。", "乙；", "丙！", "丁？", "戊"]
    assert all(text[p.start:p.end] == p.text for p in parts)


def test_several_rules_in_one_sentence_give_one_finding_each():
    text = "外地建筑企业进入本州承揽工程的，应当缴纳五十万元履约保证金。"
    found = precheck(text)
    assert {f.rule for f in found} == {"sets_fee", "local_protection", "no_effective_date"}
    assert len({(f.start, f.end) for f in found if f.sentence}) == 1


# -------------------------------------------------------------------------------------- highlight


def test_highlight_marks_the_sentence_and_the_trigger_words():
    text = "第一条　总则。对违反本办法的，处以五千元罚款。"
    out = highlight_html(text, precheck(text))
    assert out.startswith("第一条　总则。<mark")
    assert 'data-rule="sets_penalty"' in out and 'title="设定行政处罚"' in out
    assert '<span class="precheck-trigger">处以五千元罚款</span>。</mark>' in out


def test_highlight_escapes_html_so_script_stays_inert():
    text = '<script>alert("x")</script>对违反本办法的，处以五千元罚款。<b onmouseover="x">&</b>'
    out = highlight_html(text, precheck(text))
    assert "<script>" not in out and "<b " not in out
    assert "&lt;script&gt;" in out and "&quot;x&quot;" in out and "&amp;" in out
    assert out.count("<mark") == 1 and out.count("</mark>") == 1


def test_highlight_without_findings_is_just_the_escaped_text():
    assert highlight_html("a<b>&c\n第二行", []) == "a&lt;b&gt;&amp;c\n第二行"


def test_highlight_joins_the_rules_of_one_sentence_and_ignores_document_level_findings():
    text = "外地企业进入本州承揽工程的，应当缴纳保证金。"
    out = highlight_html(text, precheck(text))
    assert out.count("<mark") == 1
    assert 'data-rule="sets_fee local_protection"' in out


# ---------------------------------------------------------------------------------------- corpus


BATCHES = [
    ("dev (written with the code)", CORPUS),
    ("held-out 1 (then used to widen patterns)", HELDOUT),
    ("held-out 2 (then used to widen patterns)", HELDOUT_2),
    ("held-out 3 (unseen, code frozen)", HELDOUT_3),
]


def score(cases):
    tp = fp = fn = 0
    misses = []
    for case in cases:
        found = {f.rule for f in precheck(case.text, title=case.title, **case.kwargs)}
        expected = set(case.expected)
        if not case.whole_document:
            found.discard("no_effective_date")
            expected.discard("no_effective_date")
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        if found != expected:
            misses.append(f"{case.key}: expected {sorted(expected)} found {sorted(found)}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn, misses


def test_the_corpus_is_large_varied_and_well_formed():
    cases = CORPUS + HELDOUT + HELDOUT_2 + HELDOUT_3
    assert len(cases) >= 40
    assert len({c.key for c in cases}) == len(cases)
    assert sum(1 for c in cases if not c.expected) >= 15
    labelled = set().union(*(c.expected for c in cases))
    assert labelled == set(RULES) - {"similar_to_reported"}  # every rule is exercised (not the model's code)
    assert all(c.text.strip() for c in cases)


def test_corpus_precision_and_recall(record_property, capsys):
    cases = CORPUS + HELDOUT + HELDOUT_2 + HELDOUT_3
    precision, recall, tp, fp, fn, misses = score(cases)
    lines = [f"pre-check corpus: {len(cases)} paragraphs, precision {precision:.2f}, recall {recall:.2f} "
             f"(pairs: {tp} found, {fp} false alarms, {fn} missed)"]
    for name, batch in BATCHES:
        p, r, *_ = score(batch)
        lines.append(f"  {name}: {len(batch)} paragraphs, precision {p:.2f}, recall {r:.2f}")
        record_property(f"precheck_{name.split(' (')[0].replace(' ', '_')}", f"P={p:.2f} R={r:.2f}")
    lines += [f"  miss: {m}" for m in misses]
    record_property("precheck_paragraphs", len(cases))
    record_property("precheck_precision", round(precision, 3))
    record_property("precheck_recall", round(recall, 3))
    with capsys.disabled():  # visible in the normal run, not only with -s
        sys.stdout.write("\n" + "\n".join(lines) + "\n")

    assert precision >= 0.85
    assert recall >= 0.85
    # The unseen batch is the honest estimate for new drafts (precision 0.78, recall 0.47 on its only
    # run). Guard it against regressions, not against the floor above.
    p3, r3, *_ = score(HELDOUT_3)
    assert p3 >= 0.75 and r3 >= 0.45


# ------------------------------------------------- shapes learnt from real provisions (precheck_corpus)


def test_a_promise_not_to_move_away_is_a_barrier_to_exit():
    f = only("local_protection", "获得扶持的企业需承诺5年内不迁出本区，否则收回扶持资金。")
    assert f.legal_source == "《公平竞争审查条例》第九条第（一）项"
    assert "local_protection" in rules_of("享受支持资金的企业，如五年内迁出我区，应退还全部支持资金。")
    assert "local_protection" not in rules_of("禁止迁出的文物，依照《中华人民共和国文物保护法》的规定办理。")


def test_local_registration_as_a_condition_is_reported_but_equal_treatment_is_not():
    f = only("local_protection", "申报补助资金的企业，必须在某区注册、办理税务登记。")
    assert f.legal_source == "《公平竞争审查条例》第九条第（二）项"
    assert "local_protection" not in rules_of("申请人应当在规定期限内办理登记。")
    assert "local_protection" not in rules_of("对在本市注册的企业与外地企业一视同仁。")


def test_rewards_tied_to_taxes_paid_cite_article_ten_unless_a_basis_is_named():
    f = only("restricts_competition", "对年纳税额达到100万元以上的企业，每增加100万元给予30万元奖励。")
    assert f.legal_source == "《公平竞争审查条例》第十条"
    assert "restricts_competition" not in rules_of("依照《中华人民共和国企业所得税法》第二十八条，对高新技术企业减按15%征收。")


def test_naming_one_operator_and_entry_conditions_are_reported():
    assert "restricts_competition" in rules_of("将某公司作为区级项目管理公司，由其负责全过程管理。")
    f = only("restricts_competition", "投标人必须具有独立法人资格，经营范围包括园林绿化工程。")
    assert f.legal_source == "《公平竞争审查条例》第八条第（四）项"


def test_a_prohibition_runs_on_over_commas_and_parallel_items_but_not_into_a_new_command():
    assert "restricts_competition" not in rules_of("政府及其所属部门不得滥用行政权力，限定他人购买其指定的经营者的商品。")
    text = "各级政府不得滥用行政权力，限定经营者销售商品的范围；限定他人购买其指定的经营者的商品。"
    assert "restricts_competition" not in rules_of(text)
    text = "各部门不得指定中介服务机构；全州校服由州教育局指定的供应商供应。"
    assert "restricts_competition" in rules_of(text)
    assert "sets_fee" not in rules_of("发放许可证，除按照法定标准收取成本费外，不得收取其他任何费用。")


def test_cutting_water_or_power_to_compel_is_reported():
    f = only("sets_compulsory", "对拒不搬迁的住户，停止供水、供电。")
    assert f.legal_source == "《行政强制法》第四十三条第二款"
    assert "sets_compulsory" not in rules_of("不得对居民生活采取停止供水、供电等方式迫使当事人履行相关行政决定。")
    assert "sets_compulsory" not in rules_of("因管道检修，本小区明日停水。")


# ------------------------------------- 公平竞争审查 by legal category (second pass of 2026-12-04, issue 8 §6)


@pytest.mark.parametrize("text, rule, article", [
    ("对注册地在本县的物流企业，按照年营业收入的1%给予奖励。", "local_protection", "第九条第（二）项"),
    ("外地生产的建材产品进入本市销售，须经市质监部门重新检测。", "local_protection", "第九条"),
    ("评分标准中，本地企业得5分，外地企业得2分。", "local_protection", "第九条"),
    ("企业在本市开具发票、结算的，给予奖励。", "local_protection", "第九条第（二）项"),
    ("项目经理须在本市缴纳社会保险满一年，方可参加投标。", "local_protection", "第九条第（三）项"),
    ("消费者购买本地生产的汽车，每辆给予5000元补贴。", "local_protection", "第九条第（四）项"),
    ("企业迁出本区的，须经区政府同意。", "local_protection", "第九条第（一）项"),
    ("各乡镇污水处理设施运营维护交由县水务投资有限公司负责。", "restricts_competition", "第八条第（三）项"),
    ("各校外培训机构应在XX银行开设资金监管账户。", "restricts_competition", "第八条第（三）项"),
    ("授予县公交公司城区公交线路特许经营权，期限30年。", "restricts_competition", "第八条第（二）项"),
    ("供应商注册资本不低于5000万元，成立时间满5年。", "restricts_competition", "第八条第（四）项"),
    ("投标人近三年获得过本市优质工程奖的，每项加2分。", "restricts_competition", "《招标投标法实施条例》第三十二条"),
    ("重点培育3－5家年产值超10亿元的链主企业。", "restricts_competition", "第十条第（二）项"),
    ("对新落户的总部企业，按其缴纳的房产税、城镇土地使用税给予全额返还。", "restricts_competition", "第十条第（一）项"),
    ("对入驻产业园的企业，土地出让金按50%返还。", "restricts_competition", "第十条第（三）项"),
    ("城区驾校培训收费标准统一为3800元，不得擅自调整。", "restricts_competition", "第十一条第（三）项"),
    ("对全县装饰装修企业实行备案管理。", "restricts_competition", "第八条第（一）项"),
])
def test_fair_competition_categories_are_reported_with_their_article(text, rule, article):
    found = [f for f in precheck(text) if f.rule == rule]
    assert found, precheck(text)
    assert any(article in f.legal_source for f in found), [f.legal_source for f in found]
    assert all(f.legal_source.startswith("《") and "。" in f.explanation for f in found)


@pytest.mark.parametrize("text", [
    "政府采购应当平等对待本地和外地供应商，不得设置歧视性条件。",
    "外地企业与本地企业享有同等待遇。",
    "任何单位不得强制企业在本地设立分支机构。",
    "依照《中华人民共和国企业所得税法》的规定，对高新技术企业减按百分之十五的税率征收企业所得税。",
    "对小型微利企业，按照国家有关规定减免行政事业性收费。",
    "评标委员会成员从依法组建的专家库中随机抽取。",
    "产品应当到具有资质的检测机构检测。",
    "县人民政府应当支持农业产业化龙头企业带动农户增收，依照《中华人民共和国农业法》给予扶持。",
    "对年营业收入首次超过1亿元的企业给予10万元奖励。",
    "本办法所称企业，是指在本市依法登记注册的企业。",
    "外地车辆进入本市，应当遵守本市交通管理规定。",
    "专业经营单位应当按照与业主签订的服务合同，向最终用户收取费用。",
])
def test_equal_treatment_restated_law_and_objective_criteria_are_not_reported(text):
    assert not [f for f in precheck(text) if f.sentence and f.rule != "no_effective_date"]
