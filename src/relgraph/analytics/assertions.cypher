// assertions: every assertion that passes the filters, with both ends described
// One row per assertion relationship (typed by a relation type of the ontology)
// whose modality is in $modality, whose type is in $types (null: any type) and
// whose date lies within $since..$until (Neo4j Dates; null: open; an undated
// assertion fails a bound), plus, when $offices is true, every non-negated
// LEADER_OF whatever the other filters (the state level lifts leaders through
// them). An entity's kind is its label among $kinds (the ontology's actor kinds).
// The relationship types are the ontology's relation types (a test checks).
// Written for Neo4j 5; ArcadeDB (the tests' Bolt server) runs it unchanged and
// gives the same rows. Both compare a Date only with a Date: $since and $until
// must be Dates, never ISO strings (a string compares as null: no row passes).
// On an empty result ArcadeDB names no columns, Neo4j does; Neo4jStore.query
// then reads them from the RETURN below.
// params: types, modality, since, until, offices, kinds
MATCH (s)-[r:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]->(t)
WHERE (r.modality IN $modality
       AND ($types IS NULL OR type(r) IN $types)
       AND ($since IS NULL OR r.date >= $since)
       AND ($until IS NULL OR r.date <= $until))
   OR ($offices AND type(r) = 'LEADER_OF' AND r.modality <> 'negated')
MATCH (a:Article {id: r.article_id})
RETURN r.id AS id, type(r) AS type,
       coalesce(s.iso3, s.id) AS source, [k IN labels(s) WHERE k IN $kinds][0] AS source_kind,
       s.name AS source_name,
       coalesce(t.iso3, t.id) AS target, [k IN labels(t) WHERE k IN $kinds][0] AS target_kind,
       t.name AS target_name,
       r.modality AS modality, r.date AS date, r.confidence AS confidence,
       r.sentence AS sentence, a.id AS article, a.title AS title, r.rule AS rule,
       r.role AS role, r.domain AS domain, r.channel AS channel
