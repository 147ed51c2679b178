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
login.wrong|This token was not accepted. The admin token is in the file admin.token in the node's home folder; the command citymesh token HOME writes a new one (restart the node after).|Este token não foi aceito. O token de administração está no arquivo admin.token na pasta do nó; o comando citymesh token HOME gera um novo (depois reinicie o nó).|Este token no fue aceptado. El token de administración está en el archivo admin.token de la carpeta del nodo; el comando citymesh token HOME crea uno nuevo (después reinicie el nodo).|Aquest testimoni no s'ha acceptat. El testimoni d'administració és al fitxer admin.token de la carpeta del node; l'ordre citymesh token HOME en crea un de nou (després reinicieu el node).|Dieses Token wurde nicht akzeptiert. Das Admin-Token steht in der Datei admin.token im Verzeichnis des Knotens; der Befehl citymesh token HOME erzeugt ein neues (danach den Knoten neu starten).|Questo token non è stato accettato. Il token di amministrazione è nel file admin.token nella cartella del nodo; il comando citymesh token HOME ne crea uno nuovo (poi riavvia il nodo).|Este token não foi aceite. O token de administração está no ficheiro admin.token na pasta do nó; o comando citymesh token HOME cria um novo (depois reinicie o nó).|Ce jeton n'a pas été accepté. Le jeton d'administration se trouve dans le fichier admin.token du dossier du nœud ; la commande citymesh token HOME en crée un nouveau (redémarrez ensuite le nœud).|لم يُقبل هذا الرمز. رمز الإدارة موجود في الملف admin.token داخل مجلد العقدة، والأمر citymesh token HOME ينشئ رمزًا جديدًا (ثم أعد تشغيل العقدة).
login.unreachable|The node did not answer. Check that it is running, then try again.|O nó não respondeu. Verifique se ele está em execução e tente de novo.|El nodo no respondió. Compruebe que está en marcha y vuelva a intentarlo.|El node no ha respost. Comproveu que funciona i torneu-ho a provar.|Der Knoten hat nicht geantwortet. Prüfen Sie, ob er läuft, und versuchen Sie es erneut.|Il nodo non ha risposto. Verifica che sia in funzione e riprova.|O nó não respondeu. Verifique se está a funcionar e tente novamente.|Le nœud n'a pas répondu. Vérifiez qu'il fonctionne, puis réessayez.|لم تستجب العقدة. تحقّق من أنها تعمل ثم حاول مرة أخرى.
form.problems|The event was not published. Problems to correct: {n}|O evento não foi publicado. Problemas a corrigir: {n}|El evento no se publicó. Problemas por corregir: {n}|L'esdeveniment no s'ha publicat. Problemes per corregir: {n}|Das Ereignis wurde nicht veröffentlicht. Zu behebende Probleme: {n}|L'evento non è stato pubblicato. Problemi da correggere: {n}|O evento não foi publicado. Problemas a corrigir: {n}|L'événement n'a pas été publié. Problèmes à corriger : {n}|لم يُنشر الحدث. عدد المشكلات التي يجب تصحيحها: {n}
form.example|Example: {example}|Exemplo: {example}|Ejemplo: {example}|Exemple: {example}|Beispiel: {example}|Esempio: {example}|Exemplo: {example}|Exemple : {example}|مثال: {example}
form.copy_lang|Copy the text from {from} to {lang}|Copiar o texto de {from} para {lang}|Copiar el texto de {from} a {lang}|Copia el text de {from} a {lang}|Text von {from} nach {lang} kopieren|Copia il testo da {from} a {lang}|Copiar o texto de {from} para {lang}|Copier le texte de {from} vers {lang}|انسخ النص من {from} إلى {lang}
form.pick|Choose from the list or paste an identifier|Escolha na lista ou cole um identificador|Elija de la lista o pegue un identificador|Trieu de la llista o enganxeu un identificador|Aus der Liste wählen oder eine ID einfügen|Scegli dall'elenco o incolla un identificativo|Escolha da lista ou cole um identificador|Choisissez dans la liste ou collez un identifiant|اختر من القائمة أو ألصق معرّفًا
form.pick_none|There is nothing of the right kind to choose yet.|Ainda não há nada do tipo certo para escolher.|Todavía no hay nada del tipo adecuado para elegir.|Encara no hi ha res del tipus adequat per triar.|Noch nichts Passendes zur Auswahl.|Non c'è ancora nulla del tipo giusto da scegliere.|Ainda não há nada do tipo certo para escolher.|Il n'y a encore rien du bon type à choisir.|لا يوجد بعد ما يناسب للاختيار.
problem.missing_field|This field is required.|Este campo é obrigatório.|Este campo es obligatorio.|Aquest camp és obligatori.|Dieses Feld ist erforderlich.|Questo campo è obbligatorio.|Este campo é obrigatório.|Ce champ est obligatoire.|هذا الحقل إلزامي.
problem.bad_field_type|This value has the wrong form: see the example.|Este valor está na forma errada: veja o exemplo.|Este valor tiene una forma incorrecta: vea el ejemplo.|Aquest valor té una forma incorrecta: vegeu l'exemple.|Dieser Wert hat die falsche Form: siehe Beispiel.|Questo valore ha una forma sbagliata: vedi l'esempio.|Este valor está na forma errada: veja o exemplo.|Cette valeur n'a pas la bonne forme : voyez l'exemple.|قيمة هذا الحقل ليست بالشكل الصحيح: انظر المثال.
problem.number_as_text|Write this number as text, in quotes.|Escreva este número como texto, entre aspas.|Escriba este número como texto, entre comillas.|Escriviu aquest nombre com a text, entre cometes.|Schreiben Sie diese Zahl als Text, in Anführungszeichen.|Scrivi questo numero come testo, tra virgolette.|Escreva este número como texto, entre aspas.|Écrivez ce nombre comme du texte, entre guillemets.|اكتب هذا الرقم كنص بين علامتي اقتباس.
problem.not_whole|Use a whole number, without decimals.|Use um número inteiro, sem casas decimais.|Use un número entero, sin decimales.|Feu servir un nombre enter, sense decimals.|Verwenden Sie eine ganze Zahl ohne Nachkommastellen.|Usa un numero intero, senza decimali.|Use um número inteiro, sem casas decimais.|Utilisez un nombre entier, sans décimales.|استخدم عددًا صحيحًا بلا كسور عشرية.
problem.bad_format|Write {format}.|Escreva {format}.|Escriba {format}.|Escriviu {format}.|Erwartet: {format}.|Scrivi {format}.|Escreva {format}.|Saisissez {format}.|اكتب {format}.
problem.not_allowed|Choose one of: {allowed}.|Escolha uma destas opções: {allowed}.|Elija una de estas opciones: {allowed}.|Trieu una d'aquestes opcions: {allowed}.|Wählen Sie eine dieser Möglichkeiten: {allowed}.|Scegli una di queste opzioni: {allowed}.|Escolha uma destas opções: {allowed}.|Choisissez l'une de ces options : {allowed}.|اختر أحد هذه الخيارات: {allowed}.
problem.empty|This cannot be empty.|Isto não pode ficar vazio.|No puede quedar vacío.|No pot quedar buit.|Darf nicht leer sein.|Non può essere vuoto.|Isto não pode ficar vazio.|Ne peut pas être vide.|لا يمكن أن يكون فارغًا.
problem.too_short|Too short: at least {min} characters.|Curto demais: pelo menos {min} caracteres.|Demasiado corto: al menos {min} caracteres.|Massa curt: com a mínim {min} caràcters.|Zu kurz: mindestens {min} Zeichen.|Troppo corto: almeno {min} caratteri.|Demasiado curto: pelo menos {min} caracteres.|Trop court : au moins {min} caractères.|قصير جدًا: {min} أحرف على الأقل.
problem.too_long|Too long: at most {max}.|Longo demais: no máximo {max}.|Demasiado largo: como máximo {max}.|Massa llarg: com a màxim {max}.|Zu lang: höchstens {max}.|Troppo lungo: al massimo {max}.|Demasiado longo: no máximo {max}.|Trop long : au plus {max}.|طويل جدًا: {max} على الأكثر.
problem.below_min|Too small: at least {min}.|Pequeno demais: no mínimo {min}.|Demasiado pequeño: como mínimo {min}.|Massa petit: com a mínim {min}.|Zu klein: mindestens {min}.|Troppo piccolo: almeno {min}.|Demasiado pequeno: no mínimo {min}.|Trop petit : au moins {min}.|صغير جدًا: {min} على الأقل.
problem.above_max|Too large: at most {max}.|Grande demais: no máximo {max}.|Demasiado grande: como máximo {max}.|Massa gran: com a màxim {max}.|Zu groß: höchstens {max}.|Troppo grande: al massimo {max}.|Demasiado grande: no máximo {max}.|Trop grand : au plus {max}.|كبير جدًا: {max} على الأكثر.
problem.missing_language|Every text must also be written in the node's language ({lang}): add a {lang} version. You can copy the text, then translate it.|Todo texto deve estar também no idioma do nó ({lang}): adicione uma versão em {lang}. Você pode copiar o texto e depois traduzi-lo.|Todo texto debe estar también en el idioma del nodo ({lang}): añada una versión en {lang}. Puede copiar el texto y luego traducirlo.|Tot text ha d'estar també en la llengua del node ({lang}): afegiu-ne una versió en {lang}. Podeu copiar el text i després traduir-lo.|Jeder Text muss auch in der Sprache des Knotens ({lang}) vorliegen: Fügen Sie eine Fassung in {lang} hinzu. Sie können den Text kopieren und dann übersetzen.|Ogni testo deve essere scritto anche nella lingua del nodo ({lang}): aggiungi una versione in {lang}. Puoi copiare il testo e poi tradurlo.|Todos os textos têm de estar também na língua do nó ({lang}): acrescente uma versão em {lang}. Pode copiar o texto e depois traduzi-lo.|Chaque texte doit aussi être écrit dans la langue du nœud ({lang}) : ajoutez une version en {lang}. Vous pouvez copier le texte puis le traduire.|يجب أن يُكتب كل نص أيضًا بلغة العقدة ({lang}): أضف نسخة بلغة {lang}. يمكنك نسخ النص ثم ترجمته.
problem.bad_reference|No such event here, or not of the right kind: choose one from the list.|Não há esse evento aqui, ou ele não é do tipo certo: escolha um da lista.|Ese evento no existe aquí o no es del tipo adecuado: elija uno de la lista.|Aquest esdeveniment no existeix aquí o no és del tipus adequat: trieu-ne un de la llista.|Dieses Ereignis gibt es hier nicht, oder es hat nicht die passende Art: Wählen Sie eines aus der Liste.|Questo evento non esiste qui o non è del tipo giusto: scegline uno dall'elenco.|Esse evento não existe aqui ou não é do tipo certo: escolha um da lista.|Cet événement n'existe pas ici ou n'est pas du bon type : choisissez-en un dans la liste.|هذا الحدث غير موجود هنا أو ليس من النوع المناسب: اختر واحدًا من القائمة.
problem.not_author|Only events this node published can be updated or retracted.|Só é possível atualizar ou retirar eventos publicados por este nó.|Solo se pueden actualizar o retirar eventos publicados por este nodo.|Només es poden actualitzar o retirar esdeveniments publicats per aquest node.|Nur Ereignisse dieses Knotens können aktualisiert oder zurückgezogen werden.|Si possono aggiornare o ritirare solo eventi pubblicati da questo nodo.|Só é possível atualizar ou retirar eventos publicados por este nó.|Seuls les événements publiés par ce nœud peuvent être mis à jour ou retirés.|لا يمكن تحديث أو سحب إلا الأحداث التي نشرتها هذه العقدة.
problem.other|This value was not accepted ({code}).|Este valor não foi aceito ({code}).|Este valor no fue aceptado ({code}).|Aquest valor no s'ha acceptat ({code}).|Dieser Wert wurde nicht akzeptiert ({code}).|Questo valore non è stato accettato ({code}).|Este valor não foi aceite ({code}).|Cette valeur n'a pas été acceptée ({code}).|لم تُقبل هذه القيمة ({code}).
fmt.date|a date as YYYY-MM-DD|uma data no formato AAAA-MM-DD|una fecha con el formato AAAA-MM-DD|una data amb el format AAAA-MM-DD|ein Datum im Format JJJJ-MM-TT|una data nel formato AAAA-MM-GG|uma data no formato AAAA-MM-DD|une date au format AAAA-MM-JJ|تاريخًا بالصيغة YYYY-MM-DD
fmt.partial_date|a year (YYYY), a month (YYYY-MM) or a date (YYYY-MM-DD)|um ano (AAAA), um mês (AAAA-MM) ou uma data (AAAA-MM-DD)|un año (AAAA), un mes (AAAA-MM) o una fecha (AAAA-MM-DD)|un any (AAAA), un mes (AAAA-MM) o una data (AAAA-MM-DD)|ein Jahr (JJJJ), ein Monat (JJJJ-MM) oder ein Datum (JJJJ-MM-TT)|un anno (AAAA), un mese (AAAA-MM) o una data (AAAA-MM-GG)|um ano (AAAA), um mês (AAAA-MM) ou uma data (AAAA-MM-DD)|une année (AAAA), un mois (AAAA-MM) ou une date (AAAA-MM-JJ)|سنةً (YYYY) أو شهرًا (YYYY-MM) أو تاريخًا (YYYY-MM-DD)
fmt.local_datetime|a date and time as YYYY-MM-DDTHH:MM|uma data e hora no formato AAAA-MM-DDTHH:MM|una fecha y hora con el formato AAAA-MM-DDTHH:MM|una data i hora amb el format AAAA-MM-DDTHH:MM|Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM|data e ora nel formato AAAA-MM-GGTHH:MM|uma data e hora no formato AAAA-MM-DDTHH:MM|une date et une heure au format AAAA-MM-JJTHH:MM|تاريخًا ووقتًا بالصيغة YYYY-MM-DDTHH:MM
fmt.url|a web address that begins with https://|um endereço web que comece com https://|una dirección web que empiece por https://|una adreça web que comenci per https://|eine Webadresse, die mit https:// beginnt|un indirizzo web che inizi con https://|um endereço web que comece por https://|une adresse web commençant par https://|عنوان ويب يبدأ بـ https://
fmt.decimal|a number, with a point before any decimals (12.5)|um número, com ponto antes dos decimais (12.5)|un número, con punto antes de los decimales (12.5)|un nombre, amb punt abans dels decimals (12.5)|eine Zahl, mit Punkt vor den Nachkommastellen (12.5)|un numero, con il punto prima dei decimali (12.5)|um número, com ponto antes das casas decimais (12.5)|un nombre, avec un point avant les décimales (12.5)|رقمًا مع نقطة قبل الكسور العشرية (12.5)
fmt.coordinate|a coordinate in degrees, with a point (38.7223)|uma coordenada em graus, com ponto (38.7223)|una coordenada en grados, con punto (38.7223)|una coordenada en graus, amb punt (38.7223)|eine Koordinate in Grad, mit Punkt (38.7223)|una coordinata in gradi, con il punto (38.7223)|uma coordenada em graus, com ponto (38.7223)|une coordonnée en degrés, avec un point (38.7223)|إحداثيًا بالدرجات مع نقطة (38.7223)
fmt.event_id|an event identifier: choose one from the list|um identificador de evento: escolha um da lista|un identificador de evento: elija uno de la lista|un identificador d'esdeveniment: trieu-ne un de la llista|eine Ereignis-ID: wählen Sie eine aus der Liste|un identificativo di evento: scegline uno dall'elenco|um identificador de evento: escolha um da lista|un identifiant d'événement : choisissez-en un dans la liste|معرّف حدث: اختر واحدًا من القائمة
fmt.public_id|a node's public key (did:key:z6Mk…): choose one from the list|a chave pública de um nó (did:key:z6Mk…): escolha uma da lista|la clave pública de un nodo (did:key:z6Mk…): elija una de la lista|la clau pública d'un node (did:key:z6Mk…): trieu-ne una de la llista|der öffentliche Schlüssel eines Knotens (did:key:z6Mk…): wählen Sie einen aus der Liste|la chiave pubblica di un nodo (did:key:z6Mk…): scegline una dall'elenco|a chave pública de um nó (did:key:z6Mk…): escolha uma da lista|la clé publique d'un nœud (did:key:z6Mk…) : choisissez-en une dans la liste|المفتاح العام لعقدة (did:key:z6Mk…): اختر واحدًا من القائمة
fmt.lang_tag|a language code such as es or pt-BR|um código de idioma como es ou pt-BR|un código de idioma como es o pt-BR|un codi de llengua com es o pt-BR|ein Sprachcode wie es oder pt-BR|un codice di lingua come es o pt-BR|um código de língua como es ou pt-PT|un code de langue comme es ou pt-BR|رمز لغة مثل es أو pt-BR
fmt.country|a two-letter country code in capitals, such as ES|um código de país de duas letras maiúsculas, como BR|un código de país de dos letras mayúsculas, como ES|un codi de país de dues lletres majúscules, com ES|ein Ländercode aus zwei Großbuchstaben, etwa DE|un codice di paese di due lettere maiuscole, come IT|um código de país de duas letras maiúsculas, como PT|un code de pays de deux lettres majuscules, comme FR|رمز بلد من حرفين كبيرين مثل ES
fmt.key|a short name in lowercase letters, digits, - and _|um nome curto com letras minúsculas, algarismos, - e _|un nombre corto con minúsculas, cifras, - y _|un nom curt amb minúscules, xifres, - i _|ein kurzer Name aus Kleinbuchstaben, Ziffern, - und _|un nome breve con lettere minuscole, cifre, - e _|um nome curto com letras minúsculas, algarismos, - e _|un nom court en minuscules, chiffres, - et _|اسمًا قصيرًا بأحرف لاتينية صغيرة وأرقام و- و_
fmt.timezone|a time zone such as Europe/Madrid|um fuso horário como America/Sao_Paulo|una zona horaria como Europe/Madrid|una zona horària com Europe/Madrid|eine Zeitzone wie Europe/Berlin|un fuso orario come Europe/Rome|um fuso horário como Europe/Lisbon|un fuseau horaire comme Europe/Paris|منطقة زمنية مثل Asia/Beirut
fmt.sha256|a SHA-256 fingerprint: 64 characters, 0 to 9 and a to f|uma impressão SHA-256: 64 caracteres, de 0 a 9 e de a a f|una huella SHA-256: 64 caracteres, de 0 a 9 y de a a f|una empremta SHA-256: 64 caràcters, de 0 a 9 i de a a f|ein SHA-256-Fingerabdruck: 64 Zeichen, 0 bis 9 und a bis f|un'impronta SHA-256: 64 caratteri, da 0 a 9 e da a a f|uma impressão SHA-256: 64 caracteres, de 0 a 9 e de a a f|une empreinte SHA-256 : 64 caractères, de 0 à 9 et de a à f|بصمة SHA-256 من 64 حرفًا، من 0 إلى 9 ومن a إلى f
fmt.pattern|text in the form of the example|um texto na forma do exemplo|un texto con la forma del ejemplo|un text amb la forma de l'exemple|Text in der Form des Beispiels|un testo nella forma dell'esempio|um texto na forma do exemplo|un texte de la forme de l'exemple|نصًا على شكل المثال
kind.erasure|Erasure of earlier events|Apagamento de eventos|Borrado de eventos|Esborrament d'esdeveniments|Löschung von Ereignissen|Cancellazione di eventi|Apagamento de eventos|Effacement d'événements|محو أحداث سابقة
kind.attestation|Attestation of a meeting outcome|Atestado de resultado de reunião|Atestación de un resultado de reunión|Atestació d'un resultat de reunió|Bestätigung eines Sitzungsergebnisses|Attestazione di un esito di riunione|Atestação de resultado de reunião|Attestation d'un compte rendu de réunion|تصديق على نتيجة اجتماع
kdesc.initiative|A policy, programme, service, law or pledge.|Uma política, programa, serviço, lei ou compromisso.|Una política, programa, servicio, ley o compromiso.|Una política, programa, servei, llei o compromís.|Eine Politik, ein Programm, ein Dienst, ein Gesetz oder eine Zusage.|Una politica, un programma, un servizio, una legge o un impegno.|Uma política, programa, serviço, lei ou compromisso.|Une politique, un programme, un service, une loi ou un engagement.|سياسة أو برنامج أو خدمة أو قانون أو تعهّد.
kdesc.meeting|A meeting, session, forum or assembly.|Uma reunião, sessão, fórum ou assembleia.|Una reunión, sesión, foro o asamblea.|Una reunió, sessió, fòrum o assemblea.|Eine Sitzung, ein Treffen, ein Forum oder eine Versammlung.|Una riunione, sessione, forum o assemblea.|Uma reunião, sessão, fórum ou assembleia.|Une réunion, une séance, un forum ou une assemblée.|اجتماع أو جلسة أو منتدى أو جمعية.
kdesc.meeting.outcome|What a meeting decided and who does what.|O que uma reunião decidiu e quem faz o quê.|Lo que decidió una reunión y quién hace qué.|El que va decidir una reunió i qui fa què.|Was eine Sitzung beschlossen hat und wer was übernimmt.|Cosa ha deciso una riunione e chi fa cosa.|O que uma reunião decidiu e quem faz o quê.|Ce qu'une réunion a décidé et qui fait quoi.|ما قرّره اجتماع ومن يتولّى ماذا.
kdesc.declaration|A declaration, open letter or charter.|Uma declaração, carta aberta ou carta de princípios.|Una declaración, carta abierta o carta de principios.|Una declaració, carta oberta o carta de principis.|Eine Erklärung, ein offener Brief oder eine Charta.|Una dichiarazione, lettera aperta o carta.|Uma declaração, carta aberta ou carta de princípios.|Une déclaration, une lettre ouverte ou une charte.|إعلان أو رسالة مفتوحة أو ميثاق.
kdesc.endorsement|This node's stance on another event.|A posição deste nó sobre outro evento.|La postura de este nodo sobre otro evento.|La posició d'aquest node sobre un altre esdeveniment.|Die Haltung dieses Knotens zu einem anderen Ereignis.|La posizione di questo nodo su un altro evento.|A posição deste nó sobre outro evento.|La position de ce nœud sur un autre événement.|موقف هذه العقدة من حدث آخر.
kdesc.update|The full new body of an earlier event by this node.|O novo conteúdo completo de um evento anterior deste nó.|El nuevo contenido completo de un evento anterior de este nodo.|El nou contingut complet d'un esdeveniment anterior d'aquest node.|Der vollständige neue Inhalt eines früheren Ereignisses dieses Knotens.|Il nuovo contenuto completo di un evento precedente di questo nodo.|O novo conteúdo completo de um evento anterior deste nó.|Le nouveau contenu complet d'un événement antérieur de ce nœud.|المحتوى الجديد الكامل لحدث سابق نشرته هذه العقدة.
kdesc.retraction|Withdraws an earlier event by this node.|Retira um evento anterior deste nó.|Retira un evento anterior de este nodo.|Retira un esdeveniment anterior d'aquest node.|Zieht ein früheres Ereignis dieses Knotens zurück.|Ritira un evento precedente di questo nodo.|Retira um evento anterior deste nó.|Retire un événement antérieur de ce nœud.|يسحب حدثًا سابقًا نشرته هذه العقدة.
kdesc.erasure|Erases the bodies of earlier events by this node, on every node.|Apaga o conteúdo de eventos anteriores deste nó, em todos os nós.|Borra el contenido de eventos anteriores de este nodo, en todos los nodos.|Esborra el contingut d'esdeveniments anteriors d'aquest node, a tots els nodes.|Löscht den Inhalt früherer Ereignisse dieses Knotens auf allen Knoten.|Cancella il contenuto di eventi precedenti di questo nodo, su tutti i nodi.|Apaga o conteúdo de eventos anteriores deste nó, em todos os nós.|Efface le contenu d'événements antérieurs de ce nœud, sur tous les nœuds.|يمحو محتوى أحداث سابقة لهذه العقدة على جميع العقد.
kdesc.attestation|This node agrees with one exact meeting outcome.|Este nó concorda com um resultado de reunião exato.|Este nodo está de acuerdo con un resultado de reunión concreto.|Aquest node està d'acord amb un resultat de reunió concret.|Dieser Knoten stimmt einem bestimmten Sitzungsergebnis zu.|Questo nodo concorda con un esito di riunione preciso.|Este nó concorda com um resultado de reunião concreto.|Ce nœud approuve un compte rendu de réunion précis.|توافق هذه العقدة على نتيجة اجتماع محددة.
kdesc.partnership|A proposed partnership between named nodes.|Uma parceria proposta entre nós indicados.|Una alianza propuesta entre nodos indicados.|Una aliança proposada entre nodes indicats.|Eine vorgeschlagene Partnerschaft zwischen benannten Knoten.|Un partenariato proposto tra nodi indicati.|Uma parceria proposta entre nós indicados.|Un partenariat proposé entre des nœuds désignés.|شراكة مقترحة بين عقد محددة.
kdesc.partnership.accept|A partner accepts a proposal.|Um parceiro aceita uma proposta.|Un socio acepta una propuesta.|Un soci accepta una proposta.|Ein Partner nimmt einen Vorschlag an.|Un partner accetta una proposta.|Um parceiro aceita uma proposta.|Un partenaire accepte une proposition.|يقبل شريك مقترحًا.
kdesc.partnership.decline|A partner declines a proposal.|Um parceiro recusa uma proposta.|Un socio rechaza una propuesta.|Un soci rebutja una proposta.|Ein Partner lehnt einen Vorschlag ab.|Un partner rifiuta una proposta.|Um parceiro recusa uma proposta.|Un partenaire décline une proposition.|يرفض شريك مقترحًا.
kdesc.partnership.end|A partner ends an active partnership.|Um parceiro encerra uma parceria ativa.|Un socio finaliza una alianza activa.|Un soci finalitza una aliança activa.|Ein Partner beendet eine laufende Partnerschaft.|Un partner conclude un partenariato attivo.|Um parceiro termina uma parceria ativa.|Un partenaire met fin à un partenariat actif.|ينهي شريك شراكة قائمة.
kdesc.progress.report|How an initiative or commitment stands.|Como está uma iniciativa ou compromisso.|Cómo avanza una iniciativa o compromiso.|Com avança una iniciativa o compromís.|Wie eine Initiative oder Zusage steht.|A che punto è un'iniziativa o un impegno.|Como está uma iniciativa ou compromisso.|Où en est une initiative ou un engagement.|ما وصلت إليه مبادرة أو التزام.
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
