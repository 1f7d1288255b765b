"""999s answer every 837 the next day; rejected sets carry real defects and are sent again."""

from __future__ import annotations

import datetime as dt

import gen_x12text as x12text

from rcm.generator import npi


def _by_control(out_dir, pattern: str) -> dict[str, list[list[str]]]:
    return {segs[1][6]: segs for segs in map(x12text.segments, sorted(out_dir.glob(pattern)))}


def _claims(segs: list[list[str]]) -> set[tuple[str, str]]:
    out, billing = set(), ""
    for s in segs:
        if s[0] == "NM1" and s[1] == "85":
            billing = s[9]
        elif s[0] == "CLM":
            out.add((billing, s[1]))
    return out


def test_every_837_gets_one_999_the_next_day(out_dir):
    claims_by_gs = _by_control(out_dir, "837/*/*.837")
    acks = sorted(out_dir.glob("999/*/*.999"))
    assert len(acks) == len(claims_by_gs) > 1000
    answered = set()
    for path in acks:
        segs = x12text.segments(path)
        isa, gs = segs[0], segs[1]
        ak1 = next(s for s in segs if s[0] == "AK1")
        sent = claims_by_gs[ak1[2]]
        assert ak1[1] == "HC" and ak1[3] == sent[1][8]
        assert (isa[6], isa[8]) == (sent[0][8], sent[0][6])
        assert (gs[2], gs[3], gs[1], gs[8]) == (sent[1][3], sent[1][2], "FA", "005010X231A1")
        assert x12text.d8(gs[4]) == x12text.d8(sent[1][4]) + dt.timedelta(days=1)
        ak2 = next(s for s in segs if s[0] == "AK2")
        st = next(s for s in sent if s[0] == "ST")
        assert ak2[1:] == ["837", st[2], st[3]]
        answered.add(ak1[2])
    assert answered == set(claims_by_gs)


def test_rejections_name_the_defect_the_837_carries(out_dir):
    claims_by_gs = _by_control(out_dir, "837/*/*.837")
    rejected = 0
    for segs in map(x12text.segments, sorted(out_dir.glob("999/*/*.999"))):
        ids = [s[0] for s in segs]
        ik5 = next(s for s in segs if s[0] == "IK5")
        ak9 = next(s for s in segs if s[0] == "AK9")
        if ik5[1] == "A":
            assert "IK3" not in ids and ak9 == ["AK9", "A", "1", "1", "1"]
            continue
        rejected += 1
        assert ik5 == ["IK5", "R", "5"] and ak9 == ["AK9", "R", "1", "1", "0"]
        ik3 = next(s for s in segs if s[0] == "IK3")
        sent = claims_by_gs[next(s for s in segs if s[0] == "AK1")[2]]
        st = next(i for i, s in enumerate(sent) if s[0] == "ST")
        if ik3[1] == "PER":
            assert ik3[2:] == ["4", "1000", "3"] and "IK4" not in ids
            assert sent[st + 2][:2] == ["NM1", "41"] and sent[st + 3][:2] == ["NM1", "40"]
        else:
            assert ik3[1] == "NM1" and ik3[3:] == ["2310", "8"]
            bad = sent[st + int(ik3[2]) - 1]
            ik4 = next(s for s in segs if s[0] == "IK4")
            assert bad[:2] == ["NM1", "77"] and ik4 == ["IK4", "9", "67", "7", bad[9]]
            assert not npi.is_valid(bad[9])
    assert 3 <= rejected <= 40


def test_rejected_claims_are_sent_again_and_in_the_ground_truth(out_dir, truth):
    files = sorted(out_dir.glob("837/*/*.837"), key=lambda p: p.name)
    by_gs = {x12text.segments(p)[1][6]: p for p in files}
    rejected: set[tuple[str, str]] = set()
    later: dict[tuple[str, str], list[dt.date]] = {}
    for p in files:
        segs = x12text.segments(p)
        for key in _claims(segs):
            later.setdefault(key, []).append(x12text.d8(segs[1][4]))
    for segs in map(x12text.segments, sorted(out_dir.glob("999/*/*.999"))):
        if next(s for s in segs if s[0] == "IK5")[1] == "R":
            sent = x12text.segments(by_gs[next(s for s in segs if s[0] == "AK1")[2]])
            day = x12text.d8(sent[1][4])
            for key in _claims(sent):
                rejected.add(key)
                assert day + dt.timedelta(days=2) in later[key], key
    expected = {
        (r["claim_id"], r["billing_npi"]) for r in truth if r["rule"] == "FRONT_END_REJECTED"
    }
    assert {(c, b) for b, c in rejected} <= expected
    rows = [r for r in truth if r["rule"] == "FRONT_END_REJECTED"]
    assert all(r["line_number"] == "" and r["provider_npi"] == "" for r in rows)


def _277_claims(segs: list[list[str]]) -> list[tuple[str, str, list[str], list[str]]]:
    """(billing NPI, claim id, STC, REF*1K or []) of each 2200D claim."""
    out, billing, claim = [], "", None
    for s in segs:
        if s[:2] == ["NM1", "85"]:
            billing = s[9]
        elif s[:2] == ["TRN", "2"] and billing:
            claim = [billing, s[2], [], []]
            out.append(claim)
        elif s[0] == "STC" and claim is not None:
            claim[2] = s
        elif s[:2] == ["REF", "1K"] and claim is not None:
            claim[3] = s
    return [tuple(c) for c in out]


def test_each_accepted_837_gets_a_277ca_with_one_status_per_claim(out_dir, refused_files):
    sent = {}
    for p in sorted(out_dir.glob("837/*/*.837")):
        segs = x12text.segments(p)
        sent[segs[0][13]] = (p.name, segs)
    answered, rejected, total = set(), 0, 0
    for path in sorted(out_dir.glob("277/*/*.277")):
        segs = x12text.segments(path)
        assert segs[1][1] == "HN" and segs[1][8] == "005010X214"
        levels = [s[3] for s in segs if s[0] == "HL"]
        assert levels[:2] == ["20", "21"] and set(levels[2:]) <= {"19", "PT"}
        ref = next(s for s in segs if s[:2] == ["TRN", "2"])[2]
        name, claim_segs = sent[ref]
        assert name not in refused_files
        answered.add(ref)
        lag = x12text.d8(segs[1][4]) - x12text.d8(claim_segs[1][4])
        assert lag in (dt.timedelta(days=1), dt.timedelta(days=2))
        got = _277_claims(segs)
        assert sorted((b, c) for b, c, _, _ in got) == sorted(_claims(claim_segs))
        for _, _, stc, ref1k in got:
            total += 1
            category = stc[1].split(":")[0]
            if category in ("A1", "A2"):
                assert stc[3] == "WQ" and ref1k
            else:
                assert category in ("A3", "A6", "A7") and stc[3] == "U" and not ref1k
                rejected += 1
        assert sum(s[:2] == ["DTP", "472"] for s in segs) == len(got)
    assert answered == {k for k, (n, _) in sent.items() if n not in refused_files}
    assert 0.003 < rejected / total < 0.03


def test_claims_a_277ca_rejects_are_sent_again_and_in_the_ground_truth(out_dir, truth):
    sent: dict[tuple[str, str], list[dt.date]] = {}
    for p in sorted(out_dir.glob("837/*/*.837")):
        segs = x12text.segments(p)
        for key in _claims(segs):
            sent.setdefault(key, []).append(x12text.d8(segs[1][4]))
    expected = {
        (r["billing_npi"], r["claim_id"]) for r in truth if r["rule"] == "FRONT_END_REJECTED"
    }
    for path in sorted(out_dir.glob("277/*/*.277")):
        segs = x12text.segments(path)
        day = x12text.d8(segs[1][4])
        for billing, claim_id, stc, _ in _277_claims(segs):
            if stc[3] == "U":
                assert (billing, claim_id) in expected
                assert day + dt.timedelta(days=1) in sent[(billing, claim_id)]
