// topic_states: states that appear in articles about a topic, ranked
// One row per State mentioned by at least one article about the topic: its
// name and the number of such articles; most articles first, then by ISO3.
// The topic must be one of the vocabulary in schema/relgraph.ttl. Articles are counted whatever the modality
// of their assertions (mentions carry none).
// params: topic
// param: topic (topic) a topic of the vocabulary, e.g. sanctions
// int: articles
MATCH (:Topic {id: $topic})<-[:ABOUT]-(art:Article)-[:MENTIONS]->(s:State)
RETURN s.iso3 AS state, s.name AS name, count(DISTINCT art) AS articles
ORDER BY articles DESC, state
