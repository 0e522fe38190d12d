"""`rules check` past MAX_SPACE combinations: a seeded sample, drawn without building any fact's domain,
linear in the sample size. The built-in facts cannot get there (280 combinations at most), so these tests
use a synthetic vocabulary: the same facts, in the same order, with many more values."""

from __future__ import annotations

import pytest

from authadvisor.manifest import facts as F
from authadvisor.rules import analysis
from authadvisor.rules.tables import builtin_rules


def synthetic(extra: int = 60, multi_extra: int = 0) -> tuple:
    """The real facts, each non-caller fact with `extra` more values (and the list fact `multi_extra`)."""
    out = []
    for f in F.FACTS:
        if f.name == "caller":
            out.append(f)
        elif f.multi:
            out.append(f._replace(values=f.values + tuple(f"login_{i}" for i in range(multi_extra))))
        else:
            out.append(f._replace(values=f.values + tuple(f"{f.name}_{i}" for i in range(extra))))
    return tuple(out)


def in_domain(f: F.Fact, caller: str, value: object) -> bool:
    """value in f.domain(caller), decided without building the domain."""
    if f.applies_to is not None and caller not in f.applies_to:
        return value is None
    if value is None:
        return f.optional and caller not in f.required_for
    if f.multi:
        return isinstance(value, frozenset) and bool(value) and value <= set(f.values)
    return value in f.values


def test_the_builtin_vocabulary_is_far_below_the_switch() -> None:
    assert F.space_size(builtin_rules().referenced_facts()) <= 280 < analysis.MAX_SPACE


def test_a_big_space_is_sampled_and_the_sample_finds_its_gaps() -> None:
    facts = synthetic(extra=60, multi_extra=16)
    rules = builtin_rules()
    run = analysis.Analysis(rules, facts)
    assert run.size == F.space_size(rules.referenced_facts(), facts) > analysis.MAX_SPACE
    assert run.sampled and len(run.keys) == analysis.SAMPLE
    for key in run.keys[:2000]:  # sampled keys lie in the synthetic space
        for f, value in zip(facts, key):
            if f.name != "caller" and f.name in run.names:
                assert in_domain(f, key[0], value), (f.name, value)
    findings = run.run()
    sampled = [f for f in findings if f.check == analysis.SAMPLED]
    assert len(sampled) == 1 and f"{run.size:,} combinations" in sampled[0].message
    assert sampled[0].severity == "info"
    assert not [f for f in findings if f.check == analysis.GAP]  # the built-in table has no gap
    assert not [f for f in findings if f.check in (analysis.SHADOWED, analysis.DEAD_RULE)], \
        "never-true findings need every combination; a sample must not claim them"


def test_sampling_is_deterministic() -> None:
    facts = synthetic(extra=60, multi_extra=16)
    first = analysis.Analysis(builtin_rules(), facts)
    second = analysis.Analysis(builtin_rules(), facts)
    assert first.keys == second.keys
    assert [f.format() for f in first.run()] == [f.format() for f in second.run()]


def test_sampling_never_builds_a_domain(monkeypatch) -> None:
    """A list fact of 64 values has 2^64 - 1 subsets: counting and sampling must not build them."""
    facts = synthetic(extra=3, multi_extra=60)
    names = builtin_rules().referenced_facts()

    def refuse(self, caller=None):
        raise AssertionError(f"domain of {self.name} built while sampling")

    monkeypatch.setattr(F.Fact, "domain", refuse)
    size = F.space_size(names, facts)
    assert size > 2 ** 63
    keys = list(F.sample_space(names, analysis.SAMPLE, 0, facts))
    assert len(keys) == analysis.SAMPLE
    logins = [k[F.INDEX["customer_login"]] for k in keys if k[F.INDEX["customer_login"]] is not None]
    assert logins and len(set(logins)) > len(logins) * 0.99  # 2^64 subsets: practically no repeats


def test_a_sample_of_a_small_space_covers_it_exactly() -> None:
    """The draw is a bijection onto each domain, weighted by each caller's share: 20,000 draws from the
    real 40-combination space reach every combination and nothing else."""
    names = builtin_rules().referenced_facts()
    space = set(F.enumerate_space(names))
    drawn = set(F.sample_space(names, analysis.SAMPLE, 0))
    assert drawn == space


@pytest.mark.parametrize("fact", [f.name for f in F.FACTS])
def test_domain_size_and_pick_agree_with_the_domain(fact: str) -> None:
    f = F.BY_NAME[fact]
    for caller in (None, *F.vocab.CALLERS):
        domain = f.domain(caller)
        assert f.domain_size(caller) == len(domain)
        assert sorted(map(repr, (f.pick(i, caller) for i in range(len(domain))))) == sorted(map(repr, domain))


def test_the_sample_finds_a_gap() -> None:
    """The built-in table without the rule for end customers' apps: the sample (mostly that caller's
    million combinations) reports the gap, with a combination from the synthetic space."""
    from authadvisor.rules.engine import Rules
    from authadvisor.rules.record import Record

    rules = builtin_rules()
    key = next(k for k in F.enumerate_space(rules.referenced_facts()) if k[0] == "end_customer_app")
    dropped = rules.matching(key)[0].rule.id
    table = Record({**rules.table, "rules": tuple(r for r in rules.table.rules if r.id != dropped)})
    run = analysis.Analysis(Rules(table, "synthetic"), synthetic(extra=60, multi_extra=16))
    assert run.sampled
    gaps = [f for f in run.run() if f.check == analysis.GAP]
    assert [g.message.split(" combination")[0] for g in gaps if "end_customer_app" in g.message]
