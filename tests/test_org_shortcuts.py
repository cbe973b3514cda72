"""The W3C ORG shortcuts: a plain ORG query finds every agreed member; a disputed one stays a claim."""

from conftest import SHIPPED

from kaifm_kg import Project, run_query

MEMBERS = """SELECT ?member WHERE { team:sk-telecom org:hasMember ?member } ORDER BY ?member"""
TEAMS_OF = """SELECT ?team WHERE { korg:krafton org:memberOf ?team }"""
RECORDS = """SELECT ?member WHERE { ?m a kaifm:ConsortiumMembership ; org:organization team:sk-telecom ;
                                       org:member ?member } ORDER BY ?member"""


def test_plain_org_queries_find_the_members_of_the_records():
    members = run_query(SHIPPED, MEMBERS).column("member")
    assert members == run_query(SHIPPED, RECORDS).column("member")
    assert "https://w3id.org/kaifm/id/org/krafton" in members
    assert "https://w3id.org/kaifm/id/org/riiid" not in members  # deprecated claim: not a member
    assert run_query(SHIPPED, TEAMS_OF).column("team") == ["https://w3id.org/kaifm/id/team/sk-telecom"]


def test_a_membership_stated_without_a_record_or_claim_is_refused(project_copy):
    with open(project_copy / "graph" / "consortia.ttl", "a", encoding="utf-8") as handle:
        handle.write("\nkorg:upstage org:memberOf team:lg-ai-research .\n")
    report = Project.open(project_copy).validation()
    assert not report.conforms
    assert [(r.focus, r.path, r.shape) for r in report.violations] == [
        ("https://w3id.org/kaifm/id/org/upstage", "org:memberOf", "kaifmsh:FactsAreClaims")]
