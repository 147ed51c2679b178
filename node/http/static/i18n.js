// Interface strings in six languages, the reader's language choice, and picking the text of
// a language map in the reader's language with a visible fallback.

export const LANGS = [
  { code: "en", name: "English" },
  { code: "pt-BR", name: "Português (Brasil)" },
  { code: "es", name: "Español" },
  { code: "ca", name: "Català" },
  { code: "de", name: "Deutsch" },
  { code: "it", name: "Italiano" },
];

// One line per key: en | pt-BR | es | ca | de | it. A table keeps the six translations of a
// string side by side, so a missing one is easy to see.
const TABLE = `
site.tagline|Shared view of cities and movements working for migrants' rights|Visão compartilhada de cidades e movimentos pelos direitos das pessoas migrantes|Vista compartida de ciudades y movimientos por los derechos de las personas migrantes|Vista compartida de ciutats i moviments pels drets de les persones migrants|Gemeinsame Sicht von Städten und Bewegungen für die Rechte von Migrant*innen|Vista condivisa di città e movimenti per i diritti delle persone migranti
skip|Skip to content|Pular para o conteúdo|Saltar al contenido|Salta al contingut|Zum Inhalt springen|Vai al contenuto
lang.label|Language|Idioma|Idioma|Idioma|Sprache|Lingua
nav.label|Sections|Seções|Secciones|Seccions|Bereiche|Sezioni
nav.initiatives|Initiatives|Iniciativas|Iniciativas|Iniciatives|Initiativen|Iniziative
nav.meetings|Meetings|Reuniões|Reuniones|Reunions|Sitzungen|Riunioni
nav.declarations|Declarations|Declarações|Declaraciones|Declaracions|Erklärungen|Dichiarazioni
nav.partnerships|Partnerships|Parcerias|Alianzas|Aliances|Partnerschaften|Partenariati
nav.network|Network|Rede|Red|Xarxa|Netzwerk|Rete
nav.calendar|Calendar|Agenda|Calendario|Calendari|Kalender|Calendario
nav.map|Map|Mapa|Mapa|Mapa|Karte|Mappa
nav.admin|Publish (staff)|Publicar (equipe)|Publicar (personal)|Publicar (personal)|Veröffentlichen (Team)|Pubblica (staff)
nav.view|Shared view|Visão compartilhada|Vista compartida|Vista compartida|Gemeinsame Sicht|Vista condivisa
live.connecting|Connecting…|Conectando…|Conectando…|Connectant…|Verbinde…|Connessione…
live.on|Live updates on|Atualização ao vivo|Actualización en directo|Actualització en directe|Live-Aktualisierung aktiv|Aggiornamenti in diretta
live.off|Offline, retrying|Sem conexão, tentando de novo|Sin conexión, reintentando|Sense connexió, reintentant|Offline, neuer Versuch|Offline, nuovo tentativo
node.this|Node: {name}|Nó: {name}|Nodo: {name}|Node: {name}|Knoten: {name}|Nodo: {name}
intro.initiatives|Policies, programmes, services and laws, by city and by area of work.|Políticas, programas, serviços e leis, por cidade e por área de atuação.|Políticas, programas, servicios y leyes, por ciudad y por área de trabajo.|Polítiques, programes, serveis i lleis, per ciutat i per àmbit.|Politiken, Programme, Dienste und Gesetze nach Stadt und Handlungsfeld.|Politiche, programmi, servizi e leggi, per città e per ambito.
intro.meetings|Meetings, sessions and forums, with what they decided and who does what.|Reuniões, sessões e fóruns, com o que decidiram e quem faz o quê.|Reuniones, sesiones y foros, con lo que decidieron y quién hace qué.|Reunions, sessions i fòrums, amb el que van decidir i qui fa què.|Sitzungen und Foren, mit ihren Beschlüssen und wer was übernimmt.|Riunioni, sessioni e forum, con le decisioni prese e chi fa cosa.
intro.declarations|Declarations, open letters and charters, and who endorsed them.|Declarações, cartas abertas e cartas de princípios, e quem as apoiou.|Declaraciones, cartas abiertas y cartas de principios, y quién las respaldó.|Declaracions, cartes obertes i cartes de principis, i qui les ha adherit.|Erklärungen, offene Briefe und Chartas und wer sie unterstützt.|Dichiarazioni, lettere aperte e carte, e chi le ha sottoscritte.
intro.partnerships|Partnerships between movements and local authorities: commitments, answers and progress.|Parcerias entre movimentos e governos locais: compromissos, respostas e avanços.|Alianzas entre movimientos y gobiernos locales: compromisos, respuestas y avances.|Aliances entre moviments i governs locals: compromisos, respostes i avenços.|Partnerschaften zwischen Bewegungen und Kommunen: Zusagen, Antworten und Fortschritte.|Partenariati tra movimenti ed enti locali: impegni, risposte e progressi.
intro.network|The nodes this node knows and who follows whom.|Os nós que este nó conhece e quem segue quem.|Los nodos que este nodo conoce y quién sigue a quién.|Els nodes que coneix aquest node i qui segueix qui.|Die Knoten, die dieser Knoten kennt, und wer wem folgt.|I nodi che questo nodo conosce e chi segue chi.
filter.legend|Filter initiatives|Filtrar iniciativas|Filtrar iniciativas|Filtra iniciatives|Initiativen filtern|Filtra le iniziative
filter.all|Find and filter everything|Encontrar e filtrar tudo|Encontrar y filtrar todo|Troba i filtra-ho tot|Alles finden und filtern|Trova e filtra tutto
filter.note|Words and city apply to every section; area and status to initiatives.|Palavras e cidade valem para todas as seções; área e situação, para as iniciativas.|Las palabras y la ciudad se aplican a todas las secciones; el área y el estado, a las iniciativas.|Les paraules i la ciutat s'apliquen a totes les seccions; l'àmbit i l'estat, a les iniciatives.|Wörter und Stadt gelten für alle Bereiche, Handlungsfeld und Status für Initiativen.|Parole e città valgono per tutte le sezioni; ambito e stato per le iniziative.
filter.search|Search|Buscar|Buscar|Cerca|Suche|Cerca
filter.search_hint|Words in any language|Palavras em qualquer idioma|Palabras en cualquier idioma|Paraules en qualsevol idioma|Wörter in jeder Sprache|Parole in qualsiasi lingua
filter.city|City or movement|Cidade ou movimento|Ciudad o movimiento|Ciutat o moviment|Stadt oder Bewegung|Città o movimento
filter.category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito
filter.status|Status|Situação|Estado|Estat|Status|Stato
filter.any|All|Todas|Todas|Totes|Alle|Tutte
filter.clear|Clear filters|Limpar filtros|Quitar filtros|Esborra els filtres|Filter zurücksetzen|Azzera i filtri
group.label|Group by|Agrupar por|Agrupar por|Agrupa per|Gruppieren nach|Raggruppa per
group.city|City|Cidade|Ciudad|Ciutat|Stadt|Città
group.category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito
count|{n} shown|{n} exibidos|{n} mostrados|{n} mostrats|{n} angezeigt|{n} mostrati
empty|Nothing here yet.|Nada por aqui ainda.|Todavía no hay nada.|Encara no hi ha res.|Noch nichts vorhanden.|Ancora niente.
empty.filtered|Nothing matches these filters.|Nada corresponde a estes filtros.|Nada coincide con estos filtros.|Res no coincideix amb aquests filtres.|Nichts passt zu diesen Filtern.|Nessun risultato con questi filtri.
loading|Loading…|Carregando…|Cargando…|Carregant…|Wird geladen…|Caricamento…
error.load|Could not load this section: {detail}|Não foi possível carregar esta seção: {detail}|No se pudo cargar esta sección: {detail}|No s'ha pogut carregar aquesta secció: {detail}|Dieser Bereich konnte nicht geladen werden: {detail}|Impossibile caricare questa sezione: {detail}
more|Load more|Carregar mais|Cargar más|Carrega'n més|Mehr laden|Carica altri
verified|Signature verified|Assinatura verificada|Firma verificada|Signatura verificada|Signatur geprüft|Firma verificata
unverified|Signature not verified|Assinatura não verificada|Firma no verificada|Signatura no verificada|Signatur nicht geprüft|Firma non verificata
published_by|Published by {name}|Publicado por {name}|Publicado por {name}|Publicat per {name}|Veröffentlicht von {name}|Pubblicato da {name}
relayed_by|received via {name}|recebido via {name}|recibido vía {name}|rebut via {name}|empfangen über {name}|ricevuto tramite {name}
trust|Who signed it, and how we know|Quem assinou e como sabemos|Quién lo firmó y cómo lo sabemos|Qui ho signa i com ho sabem|Wer es signiert hat und woher wir das wissen|Chi l'ha firmato e come lo sappiamo
trust.label|Who signed it, and how we know: {title}|Quem assinou e como sabemos: {title}|Quién lo firmó y cómo lo sabemos: {title}|Qui ho signa i com ho sabem: {title}|Wer es signiert hat und woher wir das wissen: {title}|Chi l'ha firmato e come lo sappiamo: {title}
raw|Signed event|Evento assinado|Evento firmado|Esdeveniment signat|Signiertes Ereignis|Evento firmato
raw.label|Signed event (JSON): {title}|Evento assinado (JSON): {title}|Evento firmado (JSON): {title}|Esdeveniment signat (JSON): {title}|Signiertes Ereignis (JSON): {title}|Evento firmato (JSON): {title}
version|version {n}, updated {date}|versão {n}, atualizada em {date}|versión {n}, actualizada el {date}|versió {n}, actualitzada el {date}|Version {n}, aktualisiert am {date}|versione {n}, aggiornata il {date}
retracted|Retracted|Retirado|Retirado|Retirat|Zurückgezogen|Ritirato
fallback|Not available in your language; shown in the original ({lang})|Não disponível no seu idioma; exibido no original ({lang})|No disponible en su idioma; se muestra en el original ({lang})|No disponible en la vostra llengua; es mostra en l'original ({lang})|Nicht in Ihrer Sprache verfügbar; im Original angezeigt ({lang})|Non disponibile nella tua lingua; mostrato in originale ({lang})
unknown|unknown|desconhecido|desconocido|desconegut|unbekannt|sconosciuto
i.progress|Progress|Avanço|Avance|Avenç|Fortschritt|Avanzamento
i.reports|Progress reports|Relatórios de avanço|Informes de avance|Informes de seguiment|Fortschrittsberichte|Rapporti di avanzamento
i.all_reports|All {n} reports|Todos os {n} relatórios|Los {n} informes|Els {n} informes|Alle {n} Berichte|Tutti i {n} rapporti
i.period|Period|Período|Período|Període|Zeitraum|Periodo
i.since|since {date}|desde {date}|desde {date}|des de {date}|seit {date}|dal {date}
i.legal|Legal basis|Base legal|Base legal|Base legal|Rechtsgrundlage|Base giuridica
i.for|For|Para|Para|Per a|Für|Per
i.partners|Partners|Parceiros|Socios|Socis|Partner|Partner
i.languages|Offered in|Oferecido em|Ofrecido en|Ofert en|Angeboten in|Offerto in
i.homepage|Website|Site|Sitio web|Lloc web|Webseite|Sito web
i.instrument|Instrument|Instrumento|Instrumento|Instrument|Instrument|Strumento
m.upcoming|Upcoming|Próximas|Próximas|Properes|Demnächst|Prossime
m.past|Past|Anteriores|Anteriores|Anteriors|Vergangen|Passate
m.when|When|Quando|Cuándo|Quan|Wann|Quando
m.where|Where|Onde|Dónde|On|Wo|Dove
m.online|Online|On-line|En línea|En línia|Online|Online
m.agenda|Agenda|Pauta|Orden del día|Ordre del dia|Tagesordnung|Ordine del giorno
m.organizers|Organisers|Organização|Organización|Organització|Veranstaltende|Organizzatori
m.outcome|Outcome|Resultado|Resultado|Resultat|Ergebnis|Esito
m.attendees|{n} attended|{n} participantes|{n} asistentes|{n} assistents|{n} Teilnehmende|{n} partecipanti
m.decisions|Decisions|Decisões|Decisiones|Decisions|Beschlüsse|Decisioni
m.actions|Action items|Encaminhamentos|Acciones acordadas|Accions acordades|Aufgaben|Azioni
m.votes|Votes|Votos|Votos|Vots|Stimmen|Voti
m.yes|Yes|Sim|Sí|Sí|Ja|Sì
m.no|No|Não|No|No|Nein|No
m.abstain|Abstain|Abstenção|Abstención|Abstenció|Enthaltung|Astensione
m.action|Action|Ação|Acción|Acció|Aufgabe|Azione
m.owner|Owner|Responsável|Responsable|Responsable|Zuständig|Responsabile
m.due|Due|Prazo|Plazo|Termini|Fällig|Scadenza
m.status|Status|Situação|Estado|Estat|Status|Stato
m.minutes|Minutes|Ata|Acta|Acta|Protokoll|Verbale
i.places|Places|Locais|Lugares|Llocs|Orte|Luoghi
withdrawn.n|{n} withdrawn or replaced items|{n} itens retirados ou substituídos|{n} elementos retirados o sustituidos|{n} elements retirats o substituïts|{n} zurückgezogene oder ersetzte Einträge|{n} elementi ritirati o sostituiti
open.page|Page of this item|Página deste item|Página de este elemento|Pàgina d'aquest element|Seite dieses Eintrags|Pagina di questo elemento
m.attested_by|Attested by|Atestado por|Atestado por|Atestat per|Bestätigt von|Attestato da
m.not_attested|Not yet attested by|Ainda não atestado por|Aún sin atestar por|Encara sense atestar per|Noch nicht bestätigt von|Non ancora attestato da
m.attested_earlier|{name} attested version {n} (an earlier version)|{name} atestou a versão {n} (anterior)|{name} atestó la versión {n} (anterior)|{name} va atestar la versió {n} (anterior)|{name} bestätigte Version {n} (frühere Version)|{name} ha attestato la versione {n} (precedente)
sub.label|Subscribe|Assinar|Suscribirse|Subscriure's|Abonnieren|Iscriviti
sub.calendar|Add to your calendar (webcal)|Adicionar à sua agenda (webcal)|Añadir a tu calendario (webcal)|Afegeix al teu calendari (webcal)|Zum Kalender hinzufügen (webcal)|Aggiungi al tuo calendario (webcal)
sub.ics|Calendar file (.ics)|Arquivo de agenda (.ics)|Archivo de calendario (.ics)|Fitxer de calendari (.ics)|Kalenderdatei (.ics)|File di calendario (.ics)
sub.atom|Atom feed of new and changed items|Feed Atom de itens novos e alterados|Feed Atom de elementos nuevos y modificados|Canal Atom d'elements nous i modificats|Atom-Feed neuer und geänderter Einträge|Feed Atom di elementi nuovi e modificati
m.no_outcome|No outcome published yet.|Nenhum resultado publicado ainda.|Aún no se publicó el resultado.|Encara no s'ha publicat el resultat.|Noch kein Ergebnis veröffentlicht.|Nessun esito ancora pubblicato.
d.endorsed|Endorsed by|Apoiada por|Respaldada por|Adherida per|Unterstützt von|Sottoscritta da
d.none|No endorsements yet.|Nenhum apoio ainda.|Aún sin respaldos.|Encara sense adhesions.|Noch keine Unterstützung.|Nessuna adesione ancora.
d.adopted|Adopted {date}|Adotada em {date}|Adoptada el {date}|Adoptada el {date}|Angenommen am {date}|Adottata il {date}
d.adopted_by|Adopted by|Adotada por|Adoptada por|Adoptada per|Angenommen von|Adottata da
d.adopted_at|Adopted at|Adotada em|Adoptada en|Adoptada a|Angenommen bei|Adottata a
p.proposed_by|Proposed by {name}|Proposta por {name}|Propuesta por {name}|Proposada per {name}|Vorgeschlagen von {name}|Proposto da {name}
p.partners|Partners and answers|Parceiros e respostas|Socios y respuestas|Socis i respostes|Partner und Antworten|Partner e risposte
p.commitments|Commitments|Compromissos|Compromisos|Compromisos|Zusagen|Impegni
n.follows|Follows|Segue|Sigue a|Segueix|Folgt|Segue
n.followers|Followed by|Seguido por|Seguido por|Seguit per|Gefolgt von|Seguito da
n.nobody|nobody yet|ninguém ainda|nadie todavía|ningú encara|noch niemand|ancora nessuno
n.forked|Conflicting history detected: this node's view is frozen.|Histórico conflitante detectado: a visão deste nó está congelada.|Historial en conflicto: la vista de este nodo está congelada.|Historial en conflicte: la vista d'aquest node està congelada.|Widersprüchlicher Verlauf erkannt: die Sicht dieses Knotens ist eingefroren.|Cronologia in conflitto: la vista di questo nodo è congelata.
n.rotated|Key handed over to a new identity.|Chave transferida para uma nova identidade.|Clave traspasada a una nueva identidad.|Clau traspassada a una nova identitat.|Schlüssel an eine neue Identität übergeben.|Chiave passata a una nuova identità.
n.id|Public key|Chave pública|Clave pública|Clau pública|Öffentlicher Schlüssel|Chiave pubblica
cat.welcoming_rights|Welcoming and rights|Acolhimento e direitos|Acogida y derechos|Acollida i drets|Willkommen und Rechte|Accoglienza e diritti
cat.migrant_participation|Migrant participation|Participação de migrantes|Participación migrante|Participació migrant|Teilhabe von Migrant*innen|Partecipazione dei migranti
cat.awareness_education|Awareness and education|Sensibilização e educação|Sensibilización y educación|Sensibilització i educació|Sensibilisierung und Bildung|Sensibilizzazione ed educazione
cat.durable_legislation|Durable legislation|Legislação duradoura|Legislación duradera|Legislació duradora|Dauerhafte Gesetzgebung|Legislazione duratura
istatus.planned|Planned|Planejada|Prevista|Prevista|Geplant|Prevista
istatus.active|Active|Ativa|Activa|Activa|Aktiv|Attiva
istatus.suspended|Suspended|Suspensa|Suspendida|Suspesa|Ausgesetzt|Sospesa
istatus.completed|Completed|Concluída|Completada|Completada|Abgeschlossen|Completata
istatus.repealed|Repealed|Revogada|Derogada|Derogada|Aufgehoben|Abrogata
istatus.withdrawn|Withdrawn|Retirada|Retirada|Retirada|Zurückgezogen|Ritirata
mstatus.tentative|Tentative|A confirmar|Por confirmar|Per confirmar|Vorläufig|Da confermare
mstatus.confirmed|Confirmed|Confirmada|Confirmada|Confirmada|Bestätigt|Confermata
mstatus.postponed|Postponed|Adiada|Aplazada|Ajornada|Verschoben|Rinviata
mstatus.cancelled|Cancelled|Cancelada|Cancelada|Cancel·lada|Abgesagt|Annullata
mstatus.held|Held|Realizada|Celebrada|Celebrada|Stattgefunden|Svolta
attendance.in_person|In person|Presencial|Presencial|Presencial|Vor Ort|In presenza
attendance.online|Online|On-line|En línea|En línia|Online|Online
attendance.hybrid|Hybrid|Híbrida|Híbrida|Híbrida|Hybrid|Ibrida
dtype.resolution|Resolution|Resolução|Resolución|Resolució|Beschluss|Risoluzione
dtype.recommendation|Recommendation|Recomendação|Recomendación|Recomanació|Empfehlung|Raccomandazione
dtype.approval|Approval|Aprovação|Aprobación|Aprovació|Genehmigung|Approvazione
dtype.referral|Referral|Encaminhamento|Remisión|Remissió|Überweisung|Rinvio
dtype.agreement|Agreement|Acordo|Acuerdo|Acord|Vereinbarung|Accordo
dresult.adopted|Adopted|Aprovada|Aprobada|Aprovada|Angenommen|Approvata
dresult.rejected|Rejected|Rejeitada|Rechazada|Rebutjada|Abgelehnt|Respinta
dresult.consensus|Consensus|Consenso|Consenso|Consens|Konsens|Consenso
dresult.deferred|Deferred|Adiada|Aplazada|Ajornada|Vertagt|Rinviata
astatus.open|Open|Aberto|Abierta|Oberta|Offen|Aperta
astatus.in_progress|In progress|Em andamento|En curso|En curs|In Arbeit|In corso
astatus.done|Done|Concluído|Hecha|Feta|Erledigt|Fatta
astatus.dropped|Dropped|Abandonado|Descartada|Descartada|Verworfen|Abbandonata
stance.endorse|endorses|apoia|respalda|s'hi adhereix|unterstützt|sottoscrive
stance.sign|signs|assina|firma|signa|unterzeichnet|firma
stance.support|supports|apoia|apoya|dona suport|befürwortet|sostiene
stance.adopt_practice|adopts the practice|adota a prática|adopta la práctica|n'adopta la pràctica|übernimmt die Praxis|adotta la pratica
pstatus.proposed|Proposed|Proposta|Propuesta|Proposada|Vorgeschlagen|Proposto
pstatus.active|Active|Ativa|Activa|Activa|Aktiv|Attivo
pstatus.declined|Declined|Recusada|Rechazada|Rebutjada|Abgelehnt|Rifiutato
pstatus.ended|Ended|Encerrada|Finalizada|Finalitzada|Beendet|Concluso
pstatus.withdrawn|Withdrawn|Retirada|Retirada|Retirada|Zurückgezogen|Ritirato
answer.accepted|Accepted|Aceitou|Aceptó|Ha acceptat|Angenommen|Ha accettato
answer.declined|Declined|Recusou|Rechazó|Ha rebutjat|Abgelehnt|Ha rifiutato
answer.ended|Ended|Encerrou|Finalizó|Ha finalitzat|Beendet|Ha concluso
answer.pending|No answer yet|Sem resposta ainda|Sin respuesta aún|Encara sense resposta|Noch keine Antwort|Nessuna risposta
prog.not_started|Not started|Não iniciado|Sin empezar|Sense començar|Nicht begonnen|Non iniziato
prog.on_track|On track|No prazo|En curso según lo previsto|Segons el previst|Im Plan|In linea
prog.at_risk|At risk|Em risco|En riesgo|En risc|Gefährdet|A rischio
prog.delayed|Delayed|Atrasado|Retrasado|Endarrerit|Verzögert|In ritardo
prog.done|Done|Concluído|Completado|Completat|Erledigt|Completato
prog.dropped|Dropped|Abandonado|Abandonado|Abandonat|Verworfen|Abbandonato
ntype.municipality|Municipality|Município|Municipio|Municipi|Kommune|Comune
ntype.regional_gov|Regional government|Governo regional|Gobierno regional|Govern regional|Regionalregierung|Governo regionale
ntype.city_network|City network|Rede de cidades|Red de ciudades|Xarxa de ciutats|Städtenetzwerk|Rete di città
ntype.social_movement|Social movement|Movimento social|Movimiento social|Moviment social|Soziale Bewegung|Movimento sociale
ntype.migrant_association|Migrant association|Associação de migrantes|Asociación de migrantes|Associació de migrants|Migrantenverein|Associazione di migranti
ntype.ngo|NGO|ONG|ONG|ONG|NGO|ONG
decltype.final_declaration|Final declaration|Declaração final|Declaración final|Declaració final|Abschlusserklärung|Dichiarazione finale
decltype.open_letter|Open letter|Carta aberta|Carta abierta|Carta oberta|Offener Brief|Lettera aperta
decltype.council_resolution|Council resolution|Resolução do conselho|Resolución del pleno|Resolució del ple|Ratsbeschluss|Delibera del consiglio
decltype.charter|Charter|Carta de princípios|Carta|Carta|Charta|Carta
decltype.manifesto|Manifesto|Manifesto|Manifiesto|Manifest|Manifest|Manifesto
decltype.position|Position|Posicionamento|Posicionamiento|Posicionament|Stellungnahme|Presa di posizione
ptype.joint_program|Joint programme|Programa conjunto|Programa conjunto|Programa conjunt|Gemeinsames Programm|Programma congiunto
ptype.mou|Memorandum of understanding|Memorando de entendimento|Memorando de entendimiento|Memoràndum d'entesa|Absichtserklärung|Protocollo d'intesa
ptype.technical_assistance|Technical assistance|Assistência técnica|Asistencia técnica|Assistència tècnica|Technische Unterstützung|Assistenza tecnica
ptype.funding|Funding|Financiamento|Financiación|Finançament|Förderung|Finanziamento
ptype.relocation_pledge|Relocation pledge|Compromisso de reassentamento|Compromiso de reubicación|Compromís de reubicació|Aufnahmezusage|Impegno di ricollocazione
ptype.network_membership|Network membership|Participação em rede|Pertenencia a red|Pertinença a xarxa|Netzwerkmitgliedschaft|Adesione a una rete
ptype.twinning|Twinning|Geminação|Hermanamiento|Agermanament|Partnerschaft (Städte)|Gemellaggio
reason.withdrawn|withdrawn|retirado|retirado|retirat|zurückgezogen|ritirato
reason.erroneous|published in error|publicado por engano|publicado por error|publicat per error|irrtümlich veröffentlicht|pubblicato per errore
reason.duplicate|duplicate|duplicado|duplicado|duplicat|Duplikat|duplicato
reason.superseded|superseded|substituído|sustituido|substituït|ersetzt|sostituito
reason.privacy_request|privacy request|pedido de privacidade|solicitud de privacidad|sol·licitud de privacitat|Datenschutzanfrage|richiesta di privacy
reason.key_compromise|key compromised|chave comprometida|clave comprometida|clau compromesa|Schlüssel kompromittiert|chiave compromessa
instrument.programme|Programme|Programa|Programa|Programa|Programm|Programma
instrument.service|Service|Serviço|Servicio|Servei|Dienst|Servizio
instrument.council_body|Council body|Conselho|Consejo|Consell|Gremium|Consiglio
instrument.campaign|Campaign|Campanha|Campaña|Campanya|Kampagne|Campagna
instrument.law|Law|Lei|Ley|Llei|Gesetz|Legge
instrument.decree|Decree|Decreto|Decreto|Decret|Verordnung|Decreto
instrument.plan|Plan|Plano|Plan|Pla|Plan|Piano
instrument.status_declaration|Status declaration|Declaração de status|Declaración de estatus|Declaració d'estatus|Statuserklärung|Dichiarazione di status
instrument.fund|Fund|Fundo|Fondo|Fons|Fonds|Fondo
instrument.pledge|Pledge|Compromisso|Compromiso|Compromís|Zusage|Impegno
target.all_residents|All residents|Todos os moradores|Todos los vecinos|Tots els veïns|Alle Einwohner*innen|Tutti i residenti
target.migrants_any_status|Migrants of any status|Migrantes de qualquer situação|Migrantes de cualquier situación|Migrants de qualsevol situació|Migrant*innen jedes Status|Migranti di ogni status
target.undocumented|Undocumented people|Pessoas sem documentos|Personas indocumentadas|Persones sense papers|Menschen ohne Papiere|Persone senza documenti
target.asylum_seekers|Asylum seekers|Solicitantes de asilo|Solicitantes de asilo|Sol·licitants d'asil|Asylsuchende|Richiedenti asilo
target.refugees|Refugees|Refugiados|Refugiados|Refugiats|Geflüchtete|Rifugiati
target.unaccompanied_minors|Unaccompanied minors|Menores desacompanhados|Menores no acompañados|Menors no acompanyats|Unbegleitete Minderjährige|Minori non accompagnati
target.women|Women|Mulheres|Mujeres|Dones|Frauen|Donne
target.lgbtiq|LGBTIQ people|Pessoas LGBTIQ|Personas LGTBIQ|Persones LGTBIQ|LGBTIQ-Personen|Persone LGBTIQ
target.workers|Workers|Trabalhadores|Trabajadores|Treballadors|Arbeitnehmende|Lavoratori
admin.title|Publish as this node|Publicar como este nó|Publicar como este nodo|Publica com a aquest node|Als dieser Knoten veröffentlichen|Pubblica come questo nodo
admin.intro|Everything you publish is signed with this node's key and shared with the nodes that follow it. It can later be updated or retracted, never silently changed.|Tudo o que você publica é assinado com a chave deste nó e compartilhado com os nós que o seguem. Depois pode ser atualizado ou retirado, nunca alterado em silêncio.|Todo lo que publique se firma con la clave de este nodo y se comparte con los nodos que lo siguen. Luego se puede actualizar o retirar, nunca cambiar en silencio.|Tot el que publiqueu se signa amb la clau d'aquest node i es comparteix amb els nodes que el segueixen. Després es pot actualitzar o retirar, mai canviar en silenci.|Alles, was Sie veröffentlichen, wird mit dem Schlüssel dieses Knotens signiert und mit den Knoten geteilt, die ihm folgen. Es kann später aktualisiert oder zurückgezogen, aber nie still geändert werden.|Tutto ciò che pubblichi è firmato con la chiave di questo nodo e condiviso con i nodi che lo seguono. Potrà essere aggiornato o ritirato, mai modificato in silenzio.
login.title|Sign in|Entrar|Iniciar sesión|Inicia la sessió|Anmelden|Accedi
login.token|Admin token|Token de administração|Token de administración|Testimoni d'administració|Admin-Token|Token di amministrazione
login.hint|The token is in the file admin.token in the node's home. It stays in this browser tab only.|O token está no arquivo admin.token na pasta do nó. Ele fica só nesta aba do navegador.|El token está en el archivo admin.token de la carpeta del nodo. Solo se guarda en esta pestaña.|El testimoni és al fitxer admin.token de la carpeta del node. Només es desa en aquesta pestanya.|Das Token steht in der Datei admin.token im Verzeichnis des Knotens. Es bleibt nur in diesem Browser-Tab.|Il token è nel file admin.token nella cartella del nodo. Resta solo in questa scheda.
login.submit|Sign in|Entrar|Entrar|Entra|Anmelden|Accedi
login.bad|This token was not accepted.|Este token não foi aceito.|Este token no fue aceptado.|Aquest testimoni no s'ha acceptat.|Dieses Token wurde nicht akzeptiert.|Questo token non è stato accettato.
logout|Sign out|Sair|Cerrar sesión|Tanca la sessió|Abmelden|Esci
kind.label|What do you want to publish?|O que você quer publicar?|¿Qué quiere publicar?|Què voleu publicar?|Was möchten Sie veröffentlichen?|Cosa vuoi pubblicare?
form.submit|Sign and publish|Assinar e publicar|Firmar y publicar|Signa i publica|Signieren und veröffentlichen|Firma e pubblica
form.required|required|obrigatório|obligatorio|obligatori|Pflichtfeld|obbligatorio
form.add|Add {what}|Adicionar {what}|Añadir {what}|Afegeix {what}|{what} hinzufügen|Aggiungi {what}
form.remove|Remove|Remover|Quitar|Treu|Entfernen|Rimuovi
form.add_lang|Add a language|Adicionar idioma|Añadir idioma|Afegeix una llengua|Sprache hinzufügen|Aggiungi una lingua
form.lang|Language|Idioma|Idioma|Llengua|Sprache|Lingua
form.text|Text|Texto|Texto|Text|Text|Testo
form.choose|— choose —|— escolha —|— elija —|— trieu —|— auswählen —|— scegli —
form.json|JSON object|Objeto JSON|Objeto JSON|Objecte JSON|JSON-Objekt|Oggetto JSON
form.json_bad|This is not a valid JSON object.|Isto não é um objeto JSON válido.|No es un objeto JSON válido.|No és un objecte JSON vàlid.|Das ist kein gültiges JSON-Objekt.|Non è un oggetto JSON valido.
form.load_body|Load the current body|Carregar o conteúdo atual|Cargar el contenido actual|Carrega el contingut actual|Aktuellen Inhalt laden|Carica il contenuto attuale
form.default_lang|Texts must include the node's language ({lang}).|Os textos devem incluir o idioma do nó ({lang}).|Los textos deben incluir el idioma del nodo ({lang}).|Els textos han d'incloure la llengua del node ({lang}).|Texte müssen die Sprache des Knotens enthalten ({lang}).|I testi devono includere la lingua del nodo ({lang}).
form.event_hint|Event id (64 hex characters)|Id do evento (64 caracteres hex)|Id del evento (64 caracteres hex)|Id de l'esdeveniment (64 caràcters hex)|Ereignis-ID (64 Hex-Zeichen)|Id dell'evento (64 caratteri hex)
form.published|Published. Event id: {id}|Publicado. Id do evento: {id}|Publicado. Id del evento: {id}|Publicat. Id de l'esdeveniment: {id}|Veröffentlicht. Ereignis-ID: {id}|Pubblicato. Id dell'evento: {id}
form.failed|The event was not published. Correct the field marked below.|O evento não foi publicado. Corrija o campo indicado abaixo.|El evento no se publicó. Corrija el campo indicado abajo.|L'esdeveniment no s'ha publicat. Corregiu el camp indicat a sota.|Das Ereignis wurde nicht veröffentlicht. Korrigieren Sie das markierte Feld.|L'evento non è stato pubblicato. Correggi il campo indicato sotto.
form.field|Field: {field}|Campo: {field}|Campo: {field}|Camp: {field}|Feld: {field}|Campo: {field}
err.missing_field|This field is required.|Este campo é obrigatório.|Este campo es obligatorio.|Aquest camp és obligatori.|Dieses Feld ist erforderlich.|Questo campo è obbligatorio.
err.bad_value|This value is not valid.|Este valor não é válido.|Este valor no es válido.|Aquest valor no és vàlid.|Dieser Wert ist ungültig.|Questo valore non è valido.
err.bad_field_type|This value has the wrong type.|Este valor tem o tipo errado.|Este valor tiene un tipo incorrecto.|Aquest valor és d'un tipus incorrecte.|Dieser Wert hat den falschen Typ.|Questo valore è del tipo sbagliato.
err.missing_language|Add a text in the node's language ({lang}).|Adicione um texto no idioma do nó ({lang}).|Añada un texto en el idioma del nodo ({lang}).|Afegiu un text en la llengua del node ({lang}).|Fügen Sie einen Text in der Sprache des Knotens hinzu ({lang}).|Aggiungi un testo nella lingua del nodo ({lang}).
err.unknown_field|This field is not part of the kind.|Este campo não faz parte do tipo.|Este campo no forma parte del tipo.|Aquest camp no forma part del tipus.|Dieses Feld gehört nicht zur Art.|Questo campo non fa parte del tipo.
err.other|Publishing failed: {detail}|A publicação falhou: {detail}|La publicación falló: {detail}|La publicació ha fallat: {detail}|Veröffentlichung fehlgeschlagen: {detail}|Pubblicazione non riuscita: {detail}
kind.initiative|Initiative|Iniciativa|Iniciativa|Iniciativa|Initiative|Iniziativa
kind.meeting|Meeting|Reunião|Reunión|Reunió|Sitzung|Riunione
kind.meeting.outcome|Meeting outcome|Resultado de reunião|Resultado de reunión|Resultat de reunió|Sitzungsergebnis|Esito di riunione
kind.declaration|Declaration|Declaração|Declaración|Declaració|Erklärung|Dichiarazione
kind.endorsement|Endorsement|Apoio|Respaldo|Adhesió|Unterstützung|Adesione
kind.update|Update of an earlier event|Atualização de um evento|Actualización de un evento|Actualització d'un esdeveniment|Aktualisierung eines Ereignisses|Aggiornamento di un evento
kind.retraction|Retraction|Retirada|Retirada|Retirada|Rücknahme|Ritiro
kind.partnership|Partnership proposal|Proposta de parceria|Propuesta de alianza|Proposta d'aliança|Partnerschaftsvorschlag|Proposta di partenariato
kind.partnership.accept|Accept a partnership|Aceitar parceria|Aceptar alianza|Acceptar aliança|Partnerschaft annehmen|Accetta partenariato
kind.partnership.decline|Decline a partnership|Recusar parceria|Rechazar alianza|Rebutjar aliança|Partnerschaft ablehnen|Rifiuta partenariato
kind.partnership.end|End a partnership|Encerrar parceria|Finalizar alianza|Finalitzar aliança|Partnerschaft beenden|Concludi partenariato
kind.progress.report|Progress report|Relatório de avanço|Informe de avance|Informe de seguiment|Fortschrittsbericht|Rapporto di avanzamento
kind.profile|Node profile|Perfil do nó|Perfil del nodo|Perfil del node|Knotenprofil|Profilo del nodo
`;

// Field names of the core kinds, for the generated admin forms: en | pt-BR | es | ca | de | it.
const FIELDS = `
title|Title|Título|Título|Títol|Titel|Titolo
summary|Summary|Resumo|Resumen|Resum|Zusammenfassung|Sintesi
category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito
status|Status|Situação|Estado|Estat|Status|Stato
instrument|Instrument|Instrumento|Instrumento|Instrument|Instrument|Strumento
start|Start|Início|Inicio|Inici|Beginn|Inizio
end|End|Fim|Fin|Fi|Ende|Fine
places|Places|Locais|Lugares|Llocs|Orte|Luoghi
place|Place|Local|Lugar|Lloc|Ort|Luogo
target_groups|Target groups|Público|Destinatarios|Destinataris|Zielgruppen|Destinatari
languages_offered|Languages offered|Idiomas oferecidos|Idiomas ofrecidos|Llengües ofertes|Angebotene Sprachen|Lingue offerte
partners|Partners|Parceiros|Socios|Socis|Partner|Partner
legal|Legal basis|Base legal|Base legal|Base legal|Rechtsgrundlage|Base giuridica
progress|Progress (%)|Avanço (%)|Avance (%)|Avenç (%)|Fortschritt (%)|Avanzamento (%)
homepage|Website|Site|Sitio web|Lloc web|Webseite|Sito web
name|Name|Nome|Nombre|Nom|Name|Nome
address|Address|Endereço|Dirección|Adreça|Adresse|Indirizzo
geo|Coordinates|Coordenadas|Coordenadas|Coordenades|Koordinaten|Coordinate
street|Street|Rua|Calle|Carrer|Straße|Via
locality|City|Cidade|Ciudad|Ciutat|Ort|Città
region|Region|Região|Región|Regió|Region|Regione
postal_code|Postal code|CEP|Código postal|Codi postal|Postleitzahl|CAP
country|Country (ISO code)|País (código ISO)|País (código ISO)|País (codi ISO)|Land (ISO-Code)|Paese (codice ISO)
lat|Latitude|Latitude|Latitud|Latitud|Breitengrad|Latitudine
lon|Longitude|Longitude|Longitud|Longitud|Längengrad|Longitudine
node|Node (public key)|Nó (chave pública)|Nodo (clave pública)|Node (clau pública)|Knoten (öffentlicher Schlüssel)|Nodo (chiave pubblica)
identifier|Identifier|Identificador|Identificador|Identificador|Kennung|Identificativo
type|Type|Tipo|Tipo|Tipus|Art|Tipo
adopted_on|Adopted on|Adotada em|Adoptada el|Adoptada el|Angenommen am|Adottata il
adopted_by|Adopted by|Adotada por|Adoptada por|Adoptada per|Angenommen von|Adottata da
in_force_from|In force from|Em vigor desde|En vigor desde|En vigor des de|In Kraft seit|In vigore dal
url|Link|Link|Enlace|Enllaç|Link|Link
timezone|Time zone|Fuso horário|Zona horaria|Zona horària|Zeitzone|Fuso orario
attendance_mode|Attendance|Modalidade|Modalidad|Modalitat|Teilnahmeform|Modalità
online_url|Online link|Link on-line|Enlace en línea|Enllaç en línia|Online-Link|Link online
organizers|Organisers|Organização|Organización|Organització|Veranstaltende|Organizzatori
agenda|Agenda|Pauta|Orden del día|Ordre del dia|Tagesordnung|Ordine del giorno
description|Description|Descrição|Descripción|Descripció|Beschreibung|Descrizione
meeting|Meeting|Reunião|Reunión|Reunió|Sitzung|Riunione
attendees_count|Attendees|Participantes|Asistentes|Assistents|Teilnehmende|Partecipanti
decisions|Decisions|Decisões|Decisiones|Decisions|Beschlüsse|Decisioni
action_items|Action items|Encaminhamentos|Acciones acordadas|Accions acordades|Aufgaben|Azioni
minutes|Minutes|Ata|Acta|Acta|Protokoll|Verbale
sha256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256
text|Text|Texto|Texto|Text|Text|Testo
key|Key|Chave|Clave|Clau|Schlüssel|Chiave
result|Result|Resultado|Resultado|Resultat|Ergebnis|Risultato
votes|Votes|Votos|Votos|Vots|Stimmen|Voti
yes|Yes|Sim|Sí|Sí|Ja|Sì
no|No|Não|No|No|Nein|No
abstain|Abstain|Abstenção|Abstención|Abstenció|Enthaltung|Astensione
owner|Owner|Responsável|Responsable|Responsable|Zuständig|Responsabile
due|Due|Prazo|Plazo|Termini|Fällig|Scadenza
adopted_at|Adopted at (event)|Adotada em (evento)|Adoptada en (evento)|Adoptada a (esdeveniment)|Angenommen bei (Ereignis)|Adottata a (evento)
event|Event|Evento|Evento|Esdeveniment|Ereignis|Evento
stance|Stance|Posição|Postura|Posició|Haltung|Posizione
statement|Statement|Declaração|Declaración|Declaració|Stellungnahme|Dichiarazione
body|New body|Novo conteúdo|Nuevo contenido|Nou contingut|Neuer Inhalt|Nuovo contenuto
note|Note|Nota|Nota|Nota|Anmerkung|Nota
reason|Reason|Motivo|Motivo|Motiu|Grund|Motivo
explanation|Explanation|Explicação|Explicación|Explicació|Erläuterung|Spiegazione
commitments|Commitments|Compromissos|Compromisos|Compromisos|Zusagen|Impegni
by|By (node)|Por (nó)|Por (nodo)|Per (node)|Von (Knoten)|Da (nodo)
proposal|Proposal|Proposta|Propuesta|Proposta|Vorschlag|Proposta
about|About (event)|Sobre (evento)|Sobre (evento)|Sobre (esdeveniment)|Zu (Ereignis)|Riguardo a (evento)
date|Date|Data|Fecha|Data|Datum|Data
item|Item key|Chave do item|Clave del elemento|Clau de l'element|Punkt-Schlüssel|Chiave della voce
narrative|Narrative|Relato|Relato|Relat|Bericht|Resoconto
metrics|Metrics|Indicadores|Indicadores|Indicadors|Kennzahlen|Indicatori
value|Value|Valor|Valor|Valor|Wert|Valore
unit|Unit|Unidade|Unidad|Unitat|Einheit|Unità
node_type|Node type|Tipo de nó|Tipo de nodo|Tipus de node|Knotentyp|Tipo di nodo
languages|Languages|Idiomas|Idiomas|Llengües|Sprachen|Lingue
location|Location|Localização|Ubicación|Ubicació|Standort|Posizione
`;

const CODES = LANGS.map((l) => l.code);

function parse(table, offset) {
  const out = Object.fromEntries(CODES.map((c) => [c, {}]));
  for (const line of table.split("\n")) {
    if (!line.trim()) continue;
    const cells = line.split("|");
    const key = offset ? `field.${cells[0]}` : cells[0];
    CODES.forEach((code, i) => {
      out[code][key] = cells[i + 1];
    });
  }
  return out;
}

const STRINGS = parse(TABLE, false);
for (const [code, fields] of Object.entries(parse(FIELDS, true))) {
  Object.assign(STRINGS[code], fields);
}

const STORE_KEY = "citymesh.lang";
let current = "en";

/** The interface languages the reader prefers, best first, as supported codes. */
function match(tag) {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  const exact = CODES.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split("-")[0];
  return CODES.find((c) => c.toLowerCase().split("-")[0] === primary) || null;
}

/** Choose the interface language: the saved choice, else the browser's, else English. */
export function initLang() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORE_KEY);
  } catch {
    saved = null;
  }
  const wanted = [saved, ...(navigator.languages || [navigator.language])];
  current = wanted.map(match).find(Boolean) || "en";
  document.documentElement.lang = current;
  return current;
}

export function setLang(code) {
  current = match(code) || "en";
  document.documentElement.lang = current;
  try {
    localStorage.setItem(STORE_KEY, current);
  } catch {
    // private browsing: the choice lasts for this page only
  }
}

export function lang() {
  return current;
}

/** The translated interface string for `key`, with `{name}` placeholders filled in. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

export function has(key) {
  return key in STRINGS.en;
}

/** A vocabulary value's readable name (e.g. vocab("cat", "welcoming_rights")). */
export function vocab(group, value) {
  if (value == null) return "";
  const key = `${group}.${value}`;
  return has(key) ? t(key) : humanise(String(value));
}

export function fieldLabel(name) {
  const key = `field.${name}`;
  return has(key) ? t(key) : humanise(name);
}

export function humanise(name) {
  const text = name.replace(/[._-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fill elements marked data-i18n (text) and data-i18n-attr ("attr:key;attr:key"). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr, t(key));
    }
  }
}

/** The language tags a reader can read, best first: the interface language, then the browser's. */
function readerTags() {
  return [current, ...(navigator.languages || [])].map((x) => x.toLowerCase());
}

/**
 * The text of a language map for this reader: `{text, lang, fallback}`. `fallback` is true when
 * none of the reader's languages is present and the event's own language is shown instead.
 */
export function pick(map, defaultLang) {
  if (!map || typeof map !== "object") return { text: "", lang: defaultLang || "", fallback: false };
  const keys = Object.keys(map);
  if (!keys.length) return { text: "", lang: defaultLang || "", fallback: false };
  const lower = keys.map((k) => k.toLowerCase());
  for (const tag of readerTags()) {
    const exact = lower.indexOf(tag);
    if (exact >= 0) return { text: map[keys[exact]], lang: keys[exact], fallback: false };
    const primary = tag.split("-")[0];
    const near = lower.findIndex((k) => k.split("-")[0] === primary);
    if (near >= 0) return { text: map[keys[near]], lang: keys[near], fallback: false };
  }
  const own = defaultLang && keys.includes(defaultLang) ? defaultLang : keys[0];
  return { text: map[own], lang: own, fallback: true };
}

/** A date ("2024-05-01", "2024-05" or "2024") in the reader's language. */
export function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(+y, mo ? +mo - 1 : 0, d ? +d : 1));
  const opts = { timeZone: "UTC", year: "numeric" };
  if (mo) opts.month = d ? "short" : "long";
  if (d) opts.day = "numeric";
  return new Intl.DateTimeFormat(current, opts).format(date);
}

/** A wall-clock time "YYYY-MM-DDTHH:MM" as written (it is already in the meeting's zone). */
export function formatLocal(value, withDate = true) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
  if (!m) return value || "";
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  const opts = { timeZone: "UTC", hour: "2-digit", minute: "2-digit" };
  if (withDate) Object.assign(opts, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
  return new Intl.DateTimeFormat(current, opts).format(date);
}

export function formatMonth(value) {
  const m = /^(\d{4})-(\d{2})/.exec(value || "");
  if (!m) return "";
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return new Intl.DateTimeFormat(current, { timeZone: "UTC", year: "numeric", month: "long" }).format(date);
}
