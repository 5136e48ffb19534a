// leader_meetings: who met whom among leaders, when, by which channel, with the article
// One row per MEETS assertion between two Leaders (leader_a <= leader_b by key,
// as symmetric relations are stored). channel is in-person unless the text says
// phone or video (the ontology's default); date is the assertion's date.
// Negated assertions are excluded (the question is who met); planned and
// reported meetings are listed with their modality. Undated rows come last.
MATCH (a:Leader)-[m:MEETS]->(b:Leader)
WHERE m.modality <> 'negated'
RETURN a.id AS leader_a, b.id AS leader_b, m.date AS date,
       coalesce(m.channel, 'in-person') AS channel, m.modality AS modality,
       m.article_id AS article, m.sentence AS sentence
ORDER BY date IS NULL, date, leader_a, leader_b, article, sentence, channel, modality
