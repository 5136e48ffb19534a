// relgraph graph model in Neo4j 5: constraints and indexes.
// relgraph.stores.neo4j_store runs every statement of this file, in order,
// before its first write; each is idempotent (IF NOT EXISTS). Statements end
// with a semicolon; lines starting with // are comments. Labels, relationship
// types and key properties are those of schema/relgraph.ttl (rg:kind,
// rg:keyProperty, rg:relationType); tests/test_neo4j_schema.py checks that
// this file and the ontology agree.

// One node per entity, keyed as in the ontology. The uniqueness constraints
// make concurrent MERGEs of the same key safe: Neo4j serialises them on the
// constraint's index (a server without that locking reports a constraint
// violation, which the loader retries).
CREATE CONSTRAINT relgraph_state_key IF NOT EXISTS FOR (n:State) REQUIRE n.iso3 IS UNIQUE;
CREATE CONSTRAINT relgraph_leader_key IF NOT EXISTS FOR (n:Leader) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT relgraph_organization_key IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT relgraph_armedgroup_key IF NOT EXISTS FOR (n:ArmedGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT relgraph_bloc_key IF NOT EXISTS FOR (n:Bloc) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT relgraph_topic_key IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT relgraph_article_key IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;

// One relationship per assertion, keyed by its stable assertion id
// (relgraph.rdf.assertion_id). Relationship uniqueness constraints need
// Neo4j 5.7 or later (all editions).
CREATE CONSTRAINT relgraph_condemns_id IF NOT EXISTS FOR ()-[r:CONDEMNS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_cooperates_with_id IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_fights_id IF NOT EXISTS FOR ()-[r:FIGHTS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_leader_of_id IF NOT EXISTS FOR ()-[r:LEADER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_meets_id IF NOT EXISTS FOR ()-[r:MEETS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_sanctions_id IF NOT EXISTS FOR ()-[r:SANCTIONS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_severs_ties_id IF NOT EXISTS FOR ()-[r:SEVERS_TIES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_supplies_arms_id IF NOT EXISTS FOR ()-[r:SUPPLIES_ARMS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_threatens_id IF NOT EXISTS FOR ()-[r:THREATENS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relgraph_visits_id IF NOT EXISTS FOR ()-[r:VISITS]-() REQUIRE r.id IS UNIQUE;

// Lookups researchers make by hand: entities by name, articles by date.
CREATE INDEX relgraph_state_name IF NOT EXISTS FOR (n:State) ON (n.name);
CREATE INDEX relgraph_leader_name IF NOT EXISTS FOR (n:Leader) ON (n.name);
CREATE INDEX relgraph_organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX relgraph_armedgroup_name IF NOT EXISTS FOR (n:ArmedGroup) ON (n.name);
CREATE INDEX relgraph_bloc_name IF NOT EXISTS FOR (n:Bloc) ON (n.name);
CREATE INDEX relgraph_article_published IF NOT EXISTS FOR (n:Article) ON (n.published);
