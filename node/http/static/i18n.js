// Interface strings in nine languages, the reader's language choice, and picking the text of
// a language map in the reader's language with a visible fallback.

export const LANGS = [
  { code: "en", name: "English" },
  { code: "pt-BR", name: "Português (Brasil)" },
  { code: "es", name: "Español" },
  { code: "ca", name: "Català" },
  { code: "de", name: "Deutsch" },
  { code: "it", name: "Italiano" },
  { code: "pt-PT", name: "Português (Portugal)" },
  { code: "fr", name: "Français" },
  { code: "ar", name: "العربية", dir: "rtl" },
];

// One line per key: en | pt-BR | es | ca | de | it | pt-PT | fr | ar. A table keeps the
// translations of a string side by side, so a missing one is easy to see. The server reads
// this same table (node/http/i18n.py) for the pages it renders itself.
const TABLE = `
site.tagline|Shared view of cities and movements working for migrants' rights|Visão compartilhada de cidades e movimentos pelos direitos das pessoas migrantes|Vista compartida de ciudades y movimientos por los derechos de las personas migrantes|Vista compartida de ciutats i moviments pels drets de les persones migrants|Gemeinsame Sicht von Städten und Bewegungen für die Rechte von Migrant*innen|Vista condivisa di città e movimenti per i diritti delle persone migranti|Visão partilhada de cidades e movimentos pelos direitos das pessoas migrantes|Vue partagée des villes et mouvements qui agissent pour les droits des personnes migrantes|رؤية مشتركة للمدن والحركات العاملة من أجل حقوق المهاجرين والمهاجرات
skip|Skip to content|Pular para o conteúdo|Saltar al contenido|Salta al contingut|Zum Inhalt springen|Vai al contenuto|Saltar para o conteúdo|Aller au contenu|انتقل إلى المحتوى
lang.label|Language|Idioma|Idioma|Idioma|Sprache|Lingua|Idioma|Langue|اللغة
nav.label|Sections|Seções|Secciones|Seccions|Bereiche|Sezioni|Secções|Rubriques|الأقسام
nav.initiatives|Initiatives|Iniciativas|Iniciativas|Iniciatives|Initiativen|Iniziative|Iniciativas|Initiatives|المبادرات
nav.meetings|Meetings|Reuniões|Reuniones|Reunions|Sitzungen|Riunioni|Reuniões|Réunions|الاجتماعات
nav.declarations|Declarations|Declarações|Declaraciones|Declaracions|Erklärungen|Dichiarazioni|Declarações|Déclarations|الإعلانات
nav.partnerships|Partnerships|Parcerias|Alianzas|Aliances|Partnerschaften|Partenariati|Parcerias|Partenariats|الشراكات
nav.network|Network|Rede|Red|Xarxa|Netzwerk|Rete|Rede|Réseau|الشبكة
nav.calendar|Calendar|Agenda|Calendario|Calendari|Kalender|Calendario|Calendário|Calendrier|التقويم
nav.map|Map|Mapa|Mapa|Mapa|Karte|Mappa|Mapa|Carte|الخريطة
nav.admin|Publish (staff)|Publicar (equipe)|Publicar (personal)|Publicar (personal)|Veröffentlichen (Team)|Pubblica (staff)|Publicar (equipa)|Publier (équipe)|النشر (للفريق)
nav.view|Shared view|Visão compartilhada|Vista compartida|Vista compartida|Gemeinsame Sicht|Vista condivisa|Visão partilhada|Vue partagée|الرؤية المشتركة
live.connecting|Connecting…|Conectando…|Conectando…|Connectant…|Verbinde…|Connessione…|A ligar…|Connexion…|جارٍ الاتصال…
live.on|Live updates on|Atualização ao vivo|Actualización en directo|Actualització en directe|Live-Aktualisierung aktiv|Aggiornamenti in diretta|Atualização em direto|Mises à jour en direct|التحديث المباشر يعمل
live.off|Offline, retrying|Sem conexão, tentando de novo|Sin conexión, reintentando|Sense connexió, reintentant|Offline, neuer Versuch|Offline, nuovo tentativo|Sem ligação, a tentar de novo|Hors ligne, nouvelle tentative|غير متصل، جارٍ إعادة المحاولة
node.this|Node: {name}|Nó: {name}|Nodo: {name}|Node: {name}|Knoten: {name}|Nodo: {name}|Nó: {name}|Nœud : {name}|العقدة: {name}
intro.initiatives|Policies, programmes, services and laws, by city and by area of work.|Políticas, programas, serviços e leis, por cidade e por área de atuação.|Políticas, programas, servicios y leyes, por ciudad y por área de trabajo.|Polítiques, programes, serveis i lleis, per ciutat i per àmbit.|Politiken, Programme, Dienste und Gesetze nach Stadt und Handlungsfeld.|Politiche, programmi, servizi e leggi, per città e per ambito.|Políticas, programas, serviços e leis, por cidade e por área de atuação.|Politiques, programmes, services et lois, par ville et par domaine d’action.|سياسات وبرامج وخدمات وقوانين، حسب المدينة ومجال العمل.
intro.meetings|Meetings, sessions and forums, with what they decided and who does what.|Reuniões, sessões e fóruns, com o que decidiram e quem faz o quê.|Reuniones, sesiones y foros, con lo que decidieron y quién hace qué.|Reunions, sessions i fòrums, amb el que van decidir i qui fa què.|Sitzungen und Foren, mit ihren Beschlüssen und wer was übernimmt.|Riunioni, sessioni e forum, con le decisioni prese e chi fa cosa.|Reuniões, sessões e fóruns, com o que decidiram e quem faz o quê.|Réunions, séances et forums, avec ce qui a été décidé et qui fait quoi.|اجتماعات وجلسات ومنتديات، مع ما قررته ومن يفعل ماذا.
intro.declarations|Declarations, open letters and charters, and who endorsed them.|Declarações, cartas abertas e cartas de princípios, e quem as apoiou.|Declaraciones, cartas abiertas y cartas de principios, y quién las respaldó.|Declaracions, cartes obertes i cartes de principis, i qui les ha adherit.|Erklärungen, offene Briefe und Chartas und wer sie unterstützt.|Dichiarazioni, lettere aperte e carte, e chi le ha sottoscritte.|Declarações, cartas abertas e cartas de princípios, e quem as subscreveu.|Déclarations, lettres ouvertes et chartes, et qui les a soutenues.|إعلانات ورسائل مفتوحة ومواثيق، ومن أيّدها.
intro.partnerships|Partnerships between movements and local authorities: commitments, answers and progress.|Parcerias entre movimentos e governos locais: compromissos, respostas e avanços.|Alianzas entre movimientos y gobiernos locales: compromisos, respuestas y avances.|Aliances entre moviments i governs locals: compromisos, respostes i avenços.|Partnerschaften zwischen Bewegungen und Kommunen: Zusagen, Antworten und Fortschritte.|Partenariati tra movimenti ed enti locali: impegni, risposte e progressi.|Parcerias entre movimentos e autarquias: compromissos, respostas e progressos.|Partenariats entre mouvements et collectivités locales : engagements, réponses et avancées.|شراكات بين الحركات والسلطات المحلية: التزامات وردود وتقدّم.
intro.network|The nodes this node knows and who follows whom.|Os nós que este nó conhece e quem segue quem.|Los nodos que este nodo conoce y quién sigue a quién.|Els nodes que coneix aquest node i qui segueix qui.|Die Knoten, die dieser Knoten kennt, und wer wem folgt.|I nodi che questo nodo conosce e chi segue chi.|Os nós que este nó conhece e quem segue quem.|Les nœuds que ce nœud connaît, et qui suit qui.|العقد التي تعرفها هذه العقدة، ومن يتابع مَن.
filter.legend|Filter initiatives|Filtrar iniciativas|Filtrar iniciativas|Filtra iniciatives|Initiativen filtern|Filtra le iniziative|Filtrar iniciativas|Filtrer les initiatives|تصفية المبادرات
filter.all|Find and filter everything|Encontrar e filtrar tudo|Encontrar y filtrar todo|Troba i filtra-ho tot|Alles finden und filtern|Trova e filtra tutto|Procurar e filtrar tudo|Tout chercher et filtrer|البحث والتصفية في كل شيء
filter.note|Words and city apply to every section; area and status to initiatives.|Palavras e cidade valem para todas as seções; área e situação, para as iniciativas.|Las palabras y la ciudad se aplican a todas las secciones; el área y el estado, a las iniciativas.|Les paraules i la ciutat s'apliquen a totes les seccions; l'àmbit i l'estat, a les iniciatives.|Wörter und Stadt gelten für alle Bereiche, Handlungsfeld und Status für Initiativen.|Parole e città valgono per tutte le sezioni; ambito e stato per le iniziative.|Palavras e cidade aplicam-se a todas as secções; área e estado, às iniciativas.|Les mots et la ville s’appliquent à toutes les rubriques ; le domaine et l’état, aux initiatives.|تنطبق الكلمات والمدينة على كل الأقسام، والمجال والحالة على المبادرات.
filter.search|Search|Buscar|Buscar|Cerca|Suche|Cerca|Pesquisar|Rechercher|بحث
filter.search_hint|Words in any language|Palavras em qualquer idioma|Palabras en cualquier idioma|Paraules en qualsevol idioma|Wörter in jeder Sprache|Parole in qualsiasi lingua|Palavras em qualquer idioma|Des mots dans n’importe quelle langue|كلمات بأي لغة
filter.city|City or movement|Cidade ou movimento|Ciudad o movimiento|Ciutat o moviment|Stadt oder Bewegung|Città o movimento|Cidade ou movimento|Ville ou mouvement|المدينة أو الحركة
filter.category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito|Área|Domaine|المجال
filter.status|Status|Situação|Estado|Estat|Status|Stato|Estado|État|الحالة
filter.any|All|Todas|Todas|Totes|Alle|Tutte|Todas|Tous|الكل
filter.clear|Clear filters|Limpar filtros|Quitar filtros|Esborra els filtres|Filter zurücksetzen|Azzera i filtri|Limpar filtros|Effacer les filtres|مسح عوامل التصفية
group.label|Group by|Agrupar por|Agrupar por|Agrupa per|Gruppieren nach|Raggruppa per|Agrupar por|Regrouper par|التجميع حسب
group.city|City|Cidade|Ciudad|Ciutat|Stadt|Città|Cidade|Ville|المدينة
group.category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito|Área|Domaine|المجال
count|{n} shown|{n} exibidos|{n} mostrados|{n} mostrats|{n} angezeigt|{n} mostrati|{n} apresentados|{n} affichés|المعروض: {n}
empty|Nothing here yet.|Nada por aqui ainda.|Todavía no hay nada.|Encara no hi ha res.|Noch nichts vorhanden.|Ancora niente.|Ainda não há nada aqui.|Rien pour l’instant.|لا شيء هنا بعد.
empty.filtered|Nothing matches these filters.|Nada corresponde a estes filtros.|Nada coincide con estos filtros.|Res no coincideix amb aquests filtres.|Nichts passt zu diesen Filtern.|Nessun risultato con questi filtri.|Nada corresponde a estes filtros.|Rien ne correspond à ces filtres.|لا شيء يطابق عوامل التصفية هذه.
loading|Loading…|Carregando…|Cargando…|Carregant…|Wird geladen…|Caricamento…|A carregar…|Chargement…|جارٍ التحميل…
error.load|Could not load this section: {detail}|Não foi possível carregar esta seção: {detail}|No se pudo cargar esta sección: {detail}|No s'ha pogut carregar aquesta secció: {detail}|Dieser Bereich konnte nicht geladen werden: {detail}|Impossibile caricare questa sezione: {detail}|Não foi possível carregar esta secção: {detail}|Impossible de charger cette rubrique : {detail}|تعذّر تحميل هذا القسم: {detail}
error.busy|The node is busy, perhaps catching up with another node. Reload this page in a few seconds.|O nó está ocupado, talvez sincronizando com outro nó. Recarregue esta página em alguns segundos.|El nodo está ocupado, quizá poniéndose al día con otro nodo. Vuelve a cargar esta página en unos segundos.|El node està ocupat, potser posant-se al dia amb un altre node. Torna a carregar aquesta pàgina d'aquí a uns segons.|Der Knoten ist ausgelastet, vielleicht gleicht er sich gerade mit einem anderen Knoten ab. Laden Sie diese Seite in ein paar Sekunden neu.|Il nodo è occupato, forse si sta allineando con un altro nodo. Ricarica questa pagina tra qualche secondo.|O nó está ocupado, talvez a sincronizar-se com outro nó. Recarregue esta página dentro de alguns segundos.|Le nœud est occupé, peut-être en train de se mettre à jour auprès d'un autre nœud. Rechargez cette page dans quelques secondes.|العقدة مشغولة، ربما تُزامن بياناتها مع عقدة أخرى. أعد تحميل هذه الصفحة بعد بضع ثوانٍ.
error.retry|Try again|Tentar de novo|Reintentar|Torna-ho a provar|Erneut versuchen|Riprova|Tentar novamente|Réessayer|إعادة المحاولة
more|Load more|Carregar mais|Cargar más|Carrega'n més|Mehr laden|Carica altri|Carregar mais|Afficher plus|تحميل المزيد
verified|Signature verified|Assinatura verificada|Firma verificada|Signatura verificada|Signatur geprüft|Firma verificata|Assinatura verificada|Signature vérifiée|التوقيع موثَّق
unverified|Signature not verified|Assinatura não verificada|Firma no verificada|Signatura no verificada|Signatur nicht geprüft|Firma non verificata|Assinatura não verificada|Signature non vérifiée|التوقيع غير موثَّق
published_by|Published by {name}|Publicado por {name}|Publicado por {name}|Publicat per {name}|Veröffentlicht von {name}|Pubblicato da {name}|Publicado por {name}|Publié par {name}|نشرته {name}
relayed_by|received via {name}|recebido via {name}|recibido vía {name}|rebut via {name}|empfangen über {name}|ricevuto tramite {name}|recebido através de {name}|reçu via {name}|وصل عبر {name}
trust|Who signed it, and how we know|Quem assinou e como sabemos|Quién lo firmó y cómo lo sabemos|Qui ho signa i com ho sabem|Wer es signiert hat und woher wir das wissen|Chi l'ha firmato e come lo sappiamo|Quem assinou e como o sabemos|Qui l’a signé, et comment nous le savons|من وقّعه، وكيف نعرف ذلك
trust.label|Who signed it, and how we know: {title}|Quem assinou e como sabemos: {title}|Quién lo firmó y cómo lo sabemos: {title}|Qui ho signa i com ho sabem: {title}|Wer es signiert hat und woher wir das wissen: {title}|Chi l'ha firmato e come lo sappiamo: {title}|Quem assinou e como o sabemos: {title}|Qui l’a signé, et comment nous le savons : {title}|من وقّعه، وكيف نعرف ذلك: {title}
raw|Signed event|Evento assinado|Evento firmado|Esdeveniment signat|Signiertes Ereignis|Evento firmato|Evento assinado|Événement signé|الحدث الموقَّع
raw.label|Signed event (JSON): {title}|Evento assinado (JSON): {title}|Evento firmado (JSON): {title}|Esdeveniment signat (JSON): {title}|Signiertes Ereignis (JSON): {title}|Evento firmato (JSON): {title}|Evento assinado (JSON): {title}|Événement signé (JSON) : {title}|الحدث الموقَّع (JSON): {title}
version|version {n}, updated {date}|versão {n}, atualizada em {date}|versión {n}, actualizada el {date}|versió {n}, actualitzada el {date}|Version {n}, aktualisiert am {date}|versione {n}, aggiornata il {date}|versão {n}, atualizada em {date}|version {n}, mise à jour le {date}|الإصدار {n}، حُدِّث في {date}
retracted|Retracted|Retirado|Retirado|Retirat|Zurückgezogen|Ritirato|Retirado|Retiré|مسحوب
fallback|Not available in your language; shown in the original ({lang})|Não disponível no seu idioma; exibido no original ({lang})|No disponible en su idioma; se muestra en el original ({lang})|No disponible en la vostra llengua; es mostra en l'original ({lang})|Nicht in Ihrer Sprache verfügbar; im Original angezeigt ({lang})|Non disponibile nella tua lingua; mostrato in originale ({lang})|Não disponível no seu idioma; apresentado no original ({lang})|Non disponible dans votre langue ; affiché dans la langue d’origine ({lang})|غير متوفر بلغتك؛ معروض بلغته الأصلية ({lang})
unknown|unknown|desconhecido|desconocido|desconegut|unbekannt|sconosciuto|desconhecido|inconnu|غير معروف
i.progress|Progress|Avanço|Avance|Avenç|Fortschritt|Avanzamento|Progresso|Avancement|التقدّم
i.reports|Progress reports|Relatórios de avanço|Informes de avance|Informes de seguiment|Fortschrittsberichte|Rapporti di avanzamento|Relatórios de progresso|Rapports d’avancement|تقارير التقدّم
i.all_reports|All {n} reports|Todos os {n} relatórios|Los {n} informes|Els {n} informes|Alle {n} Berichte|Tutti i {n} rapporti|Todos os {n} relatórios|Les {n} rapports|كل التقارير ({n})
earlier|{n} earlier not shown|{n} anteriores não exibidos|{n} anteriores no mostrados|{n} anteriors no mostrats|{n} frühere nicht angezeigt|{n} precedenti non mostrati|{n} anteriores não apresentados|{n} plus anciens non affichés|عناصر أقدم غير معروضة: {n}
i.period|Period|Período|Período|Període|Zeitraum|Periodo|Período|Période|الفترة
i.since|since {date}|desde {date}|desde {date}|des de {date}|seit {date}|dal {date}|desde {date}|depuis le {date}|منذ {date}
i.legal|Legal basis|Base legal|Base legal|Base legal|Rechtsgrundlage|Base giuridica|Base legal|Base juridique|الأساس القانوني
i.for|For|Para|Para|Per a|Für|Per|Para|Pour|لفائدة
i.partners|Partners|Parceiros|Socios|Socis|Partner|Partner|Parceiros|Partenaires|الشركاء
i.languages|Offered in|Oferecido em|Ofrecido en|Ofert en|Angeboten in|Offerto in|Disponível em|Proposé en|متاح بلغات
i.homepage|Website|Site|Sitio web|Lloc web|Webseite|Sito web|Sítio web|Site web|الموقع الإلكتروني
i.instrument|Instrument|Instrumento|Instrumento|Instrument|Instrument|Strumento|Instrumento|Instrument|الأداة
m.upcoming|Upcoming|Próximas|Próximas|Properes|Demnächst|Prossime|Próximas|À venir|القادمة
m.past|Past|Anteriores|Anteriores|Anteriors|Vergangen|Passate|Anteriores|Passées|السابقة
m.when|When|Quando|Cuándo|Quan|Wann|Quando|Quando|Quand|متى
m.where|Where|Onde|Dónde|On|Wo|Dove|Onde|Où|أين
m.online|Online|On-line|En línea|En línia|Online|Online|Online|En ligne|عبر الإنترنت
m.agenda|Agenda|Pauta|Orden del día|Ordre del dia|Tagesordnung|Ordine del giorno|Ordem de trabalhos|Ordre du jour|جدول الأعمال
m.organizers|Organisers|Organização|Organización|Organització|Veranstaltende|Organizzatori|Organização|Organisation|الجهات المنظِّمة
m.outcome|Outcome|Resultado|Resultado|Resultat|Ergebnis|Esito|Resultado|Compte rendu|النتائج
m.attendees|{n} attended|{n} participantes|{n} asistentes|{n} assistents|{n} Teilnehmende|{n} partecipanti|{n} participantes|{n} participants|عدد الحضور: {n}
m.decisions|Decisions|Decisões|Decisiones|Decisions|Beschlüsse|Decisioni|Decisões|Décisions|القرارات
m.actions|Action items|Encaminhamentos|Acciones acordadas|Accions acordades|Aufgaben|Azioni|Ações acordadas|Actions à mener|المهام المتفق عليها
m.votes|Votes|Votos|Votos|Vots|Stimmen|Voti|Votos|Votes|الأصوات
m.yes|Yes|Sim|Sí|Sí|Ja|Sì|Sim|Oui|نعم
m.no|No|Não|No|No|Nein|No|Não|Non|لا
m.abstain|Abstain|Abstenção|Abstención|Abstenció|Enthaltung|Astensione|Abstenção|Abstention|امتناع
m.action|Action|Ação|Acción|Acció|Aufgabe|Azione|Ação|Action|المهمة
m.owner|Owner|Responsável|Responsable|Responsable|Zuständig|Responsabile|Responsável|Responsable|المسؤول
m.due|Due|Prazo|Plazo|Termini|Fällig|Scadenza|Prazo|Échéance|الموعد النهائي
m.status|Status|Situação|Estado|Estat|Status|Stato|Estado|État|الحالة
m.minutes|Minutes|Ata|Acta|Acta|Protokoll|Verbale|Ata|Procès-verbal|المحضر
i.places|Places|Locais|Lugares|Llocs|Orte|Luoghi|Locais|Lieux|الأماكن
withdrawn.n|{n} withdrawn or replaced items|{n} itens retirados ou substituídos|{n} elementos retirados o sustituidos|{n} elements retirats o substituïts|{n} zurückgezogene oder ersetzte Einträge|{n} elementi ritirati o sostituiti|{n} itens retirados ou substituídos|{n} éléments retirés ou remplacés|عناصر مسحوبة أو مستبدلة: {n}
open.page|Page of this item|Página deste item|Página de este elemento|Pàgina d'aquest element|Seite dieses Eintrags|Pagina di questo elemento|Página deste item|Page de cet élément|صفحة هذا العنصر
m.attested_by|Attested by|Atestado por|Atestado por|Atestat per|Bestätigt von|Attestato da|Atestado por|Attesté par|صادقت عليه
m.not_attested|Not yet attested by|Ainda não atestado por|Aún sin atestar por|Encara sense atestar per|Noch nicht bestätigt von|Non ancora attestato da|Ainda não atestado por|Pas encore attesté par|لم تصادق عليه بعد
m.attested_earlier|{name} attested version {n} (an earlier version)|{name} atestou a versão {n} (anterior)|{name} atestó la versión {n} (anterior)|{name} va atestar la versió {n} (anterior)|{name} bestätigte Version {n} (frühere Version)|{name} ha attestato la versione {n} (precedente)|{name} atestou a versão {n} (anterior)|{name} a attesté la version {n} (antérieure)|صادقت {name} على الإصدار {n} (إصدار سابق)
sub.label|Subscribe|Assinar|Suscribirse|Subscriure's|Abonnieren|Iscriviti|Subscrever|S’abonner|الاشتراك
sub.calendar|Add to your calendar (webcal)|Adicionar à sua agenda (webcal)|Añadir a tu calendario (webcal)|Afegeix al teu calendari (webcal)|Zum Kalender hinzufügen (webcal)|Aggiungi al tuo calendario (webcal)|Adicionar ao seu calendário (webcal)|Ajouter à votre agenda (webcal)|أضِف إلى تقويمك (webcal)
sub.ics|Calendar file (.ics)|Arquivo de agenda (.ics)|Archivo de calendario (.ics)|Fitxer de calendari (.ics)|Kalenderdatei (.ics)|File di calendario (.ics)|Ficheiro de calendário (.ics)|Fichier d’agenda (.ics)|ملف التقويم (.ics)
sub.atom|Atom feed of new and changed items|Feed Atom de itens novos e alterados|Feed Atom de elementos nuevos y modificados|Canal Atom d'elements nous i modificats|Atom-Feed neuer und geänderter Einträge|Feed Atom di elementi nuovi e modificati|Feed Atom de itens novos e alterados|Flux Atom des éléments nouveaux et modifiés|موجز Atom للعناصر الجديدة والمعدَّلة
m.no_outcome|No outcome published yet.|Nenhum resultado publicado ainda.|Aún no se publicó el resultado.|Encara no s'ha publicat el resultat.|Noch kein Ergebnis veröffentlicht.|Nessun esito ancora pubblicato.|Ainda não foi publicado nenhum resultado.|Aucun compte rendu publié pour l’instant.|لم تُنشر أي نتائج بعد.
d.endorsed|Endorsed by|Apoiada por|Respaldada por|Adherida per|Unterstützt von|Sottoscritta da|Subscrita por|Soutenue par|أيّدها
d.none|No endorsements yet.|Nenhum apoio ainda.|Aún sin respaldos.|Encara sense adhesions.|Noch keine Unterstützung.|Nessuna adesione ancora.|Ainda sem subscrições.|Aucun soutien pour l’instant.|لا تأييد بعد.
d.adopted|Adopted {date}|Adotada em {date}|Adoptada el {date}|Adoptada el {date}|Angenommen am {date}|Adottata il {date}|Adotada em {date}|Adoptée le {date}|اعتُمد في {date}
d.adopted_by|Adopted by|Adotada por|Adoptada por|Adoptada per|Angenommen von|Adottata da|Adotada por|Adoptée par|اعتمدته
d.adopted_at|Adopted at|Adotada em|Adoptada en|Adoptada a|Angenommen bei|Adottata a|Adotada em|Adoptée lors de|اعتُمد خلال
p.proposed_by|Proposed by {name}|Proposta por {name}|Propuesta por {name}|Proposada per {name}|Vorgeschlagen von {name}|Proposto da {name}|Proposta por {name}|Proposé par {name}|اقترحته {name}
p.partners|Partners and answers|Parceiros e respostas|Socios y respuestas|Socis i respostes|Partner und Antworten|Partner e risposte|Parceiros e respostas|Partenaires et réponses|الشركاء والردود
p.commitments|Commitments|Compromissos|Compromisos|Compromisos|Zusagen|Impegni|Compromissos|Engagements|الالتزامات
n.follows|Follows|Segue|Sigue a|Segueix|Folgt|Segue|Segue|Suit|تتابع
n.followers|Followed by|Seguido por|Seguido por|Seguit per|Gefolgt von|Seguito da|Seguido por|Suivi par|يتابعها
n.nobody|nobody yet|ninguém ainda|nadie todavía|ningú encara|noch niemand|ancora nessuno|ainda ninguém|personne pour l’instant|لا أحد بعد
n.forked|Conflicting history detected: this node's view is frozen.|Histórico conflitante detectado: a visão deste nó está congelada.|Historial en conflicto: la vista de este nodo está congelada.|Historial en conflicte: la vista d'aquest node està congelada.|Widersprüchlicher Verlauf erkannt: die Sicht dieses Knotens ist eingefroren.|Cronologia in conflitto: la vista di questo nodo è congelata.|Detetado um histórico em conflito: a vista deste nó está congelada.|Historique contradictoire détecté : la vue de ce nœud est figée.|اكتُشف سجل متعارض: عرض هذه العقدة مجمَّد.
n.rotated|Key handed over to a new identity.|Chave transferida para uma nova identidade.|Clave traspasada a una nueva identidad.|Clau traspassada a una nova identitat.|Schlüssel an eine neue Identität übergeben.|Chiave passata a una nuova identità.|Chave transferida para uma nova identidade.|Clé transmise à une nouvelle identité.|نُقل المفتاح إلى هوية جديدة.
n.id|Public key|Chave pública|Clave pública|Clau pública|Öffentlicher Schlüssel|Chiave pubblica|Chave pública|Clé publique|المفتاح العام
cat.welcoming_rights|Welcoming and rights|Acolhimento e direitos|Acogida y derechos|Acollida i drets|Willkommen und Rechte|Accoglienza e diritti|Acolhimento e direitos|Accueil et droits|الاستقبال والحقوق
cat.migrant_participation|Migrant participation|Participação de migrantes|Participación migrante|Participació migrant|Teilhabe von Migrant*innen|Partecipazione dei migranti|Participação de migrantes|Participation des personnes migrantes|مشاركة المهاجرين
cat.awareness_education|Awareness and education|Sensibilização e educação|Sensibilización y educación|Sensibilització i educació|Sensibilisierung und Bildung|Sensibilizzazione ed educazione|Sensibilização e educação|Sensibilisation et éducation|التوعية والتعليم
cat.durable_legislation|Durable legislation|Legislação duradoura|Legislación duradera|Legislació duradora|Dauerhafte Gesetzgebung|Legislazione duratura|Legislação duradoura|Législation durable|تشريعات دائمة
istatus.planned|Planned|Planejada|Prevista|Prevista|Geplant|Prevista|Planeada|Prévue|مخطَّط لها
istatus.active|Active|Ativa|Activa|Activa|Aktiv|Attiva|Ativa|Active|جارية
istatus.suspended|Suspended|Suspensa|Suspendida|Suspesa|Ausgesetzt|Sospesa|Suspensa|Suspendue|معلَّقة
istatus.completed|Completed|Concluída|Completada|Completada|Abgeschlossen|Completata|Concluída|Terminée|مكتملة
istatus.repealed|Repealed|Revogada|Derogada|Derogada|Aufgehoben|Abrogata|Revogada|Abrogée|ملغاة
istatus.withdrawn|Withdrawn|Retirada|Retirada|Retirada|Zurückgezogen|Ritirata|Retirada|Retirée|مسحوبة
mstatus.tentative|Tentative|A confirmar|Por confirmar|Per confirmar|Vorläufig|Da confermare|Por confirmar|À confirmer|غير مؤكَّد
mstatus.confirmed|Confirmed|Confirmada|Confirmada|Confirmada|Bestätigt|Confermata|Confirmada|Confirmée|مؤكَّد
mstatus.postponed|Postponed|Adiada|Aplazada|Ajornada|Verschoben|Rinviata|Adiada|Reportée|مؤجَّل
mstatus.cancelled|Cancelled|Cancelada|Cancelada|Cancel·lada|Abgesagt|Annullata|Cancelada|Annulée|ملغى
mstatus.held|Held|Realizada|Celebrada|Celebrada|Stattgefunden|Svolta|Realizada|Tenue|انعقد
attendance.in_person|In person|Presencial|Presencial|Presencial|Vor Ort|In presenza|Presencial|En présentiel|حضوري
attendance.online|Online|On-line|En línea|En línia|Online|Online|Online|En ligne|عبر الإنترنت
attendance.hybrid|Hybrid|Híbrida|Híbrida|Híbrida|Hybrid|Ibrida|Híbrida|Hybride|مختلط
dtype.resolution|Resolution|Resolução|Resolución|Resolució|Beschluss|Risoluzione|Resolução|Résolution|قرار
dtype.recommendation|Recommendation|Recomendação|Recomendación|Recomanació|Empfehlung|Raccomandazione|Recomendação|Recommandation|توصية
dtype.approval|Approval|Aprovação|Aprobación|Aprovació|Genehmigung|Approvazione|Aprovação|Approbation|موافقة
dtype.referral|Referral|Encaminhamento|Remisión|Remissió|Überweisung|Rinvio|Encaminhamento|Renvoi|إحالة
dtype.agreement|Agreement|Acordo|Acuerdo|Acord|Vereinbarung|Accordo|Acordo|Accord|اتفاق
dresult.adopted|Adopted|Aprovada|Aprobada|Aprovada|Angenommen|Approvata|Aprovada|Adoptée|اعتُمد
dresult.rejected|Rejected|Rejeitada|Rechazada|Rebutjada|Abgelehnt|Respinta|Rejeitada|Rejetée|رُفض
dresult.consensus|Consensus|Consenso|Consenso|Consens|Konsens|Consenso|Consenso|Consensus|توافق
dresult.deferred|Deferred|Adiada|Aplazada|Ajornada|Vertagt|Rinviata|Adiada|Reportée|أُرجئ
astatus.open|Open|Aberto|Abierta|Oberta|Offen|Aperta|Em aberto|Ouverte|مفتوحة
astatus.in_progress|In progress|Em andamento|En curso|En curs|In Arbeit|In corso|Em curso|En cours|قيد التنفيذ
astatus.done|Done|Concluído|Hecha|Feta|Erledigt|Fatta|Concluída|Faite|منجزة
astatus.dropped|Dropped|Abandonado|Descartada|Descartada|Verworfen|Abbandonata|Abandonada|Abandonnée|متروكة
stance.endorse|endorses|apoia|respalda|s'hi adhereix|unterstützt|sottoscrive|subscreve|soutient|تؤيّد
stance.sign|signs|assina|firma|signa|unterzeichnet|firma|assina|signe|توقّع
stance.support|supports|apoia|apoya|dona suport|befürwortet|sostiene|apoia|appuie|تدعم
stance.adopt_practice|adopts the practice|adota a prática|adopta la práctica|n'adopta la pràctica|übernimmt die Praxis|adotta la pratica|adota a prática|adopte la pratique|تعتمد هذه الممارسة
pstatus.proposed|Proposed|Proposta|Propuesta|Proposada|Vorgeschlagen|Proposto|Proposta|Proposé|مقترحة
pstatus.active|Active|Ativa|Activa|Activa|Aktiv|Attivo|Ativa|Actif|نشطة
pstatus.declined|Declined|Recusada|Rechazada|Rebutjada|Abgelehnt|Rifiutato|Recusada|Refusé|مرفوضة
pstatus.ended|Ended|Encerrada|Finalizada|Finalitzada|Beendet|Concluso|Terminada|Terminé|منتهية
pstatus.withdrawn|Withdrawn|Retirada|Retirada|Retirada|Zurückgezogen|Ritirato|Retirada|Retiré|مسحوبة
answer.accepted|Accepted|Aceitou|Aceptó|Ha acceptat|Angenommen|Ha accettato|Aceitou|A accepté|قبلت
answer.declined|Declined|Recusou|Rechazó|Ha rebutjat|Abgelehnt|Ha rifiutato|Recusou|A refusé|رفضت
answer.ended|Ended|Encerrou|Finalizó|Ha finalitzat|Beendet|Ha concluso|Terminou|Y a mis fin|أنهت
answer.pending|No answer yet|Sem resposta ainda|Sin respuesta aún|Encara sense resposta|Noch keine Antwort|Nessuna risposta|Ainda sem resposta|Pas encore de réponse|لا رد بعد
prog.not_started|Not started|Não iniciado|Sin empezar|Sense començar|Nicht begonnen|Non iniziato|Não iniciado|Pas commencé|لم يبدأ
prog.on_track|On track|No prazo|En curso según lo previsto|Segons el previst|Im Plan|In linea|Dentro do previsto|Dans les temps|على المسار الصحيح
prog.at_risk|At risk|Em risco|En riesgo|En risc|Gefährdet|A rischio|Em risco|À risque|معرَّض للخطر
prog.delayed|Delayed|Atrasado|Retrasado|Endarrerit|Verzögert|In ritardo|Atrasado|En retard|متأخر
prog.done|Done|Concluído|Completado|Completat|Erledigt|Completato|Concluído|Terminé|منجز
prog.dropped|Dropped|Abandonado|Abandonado|Abandonat|Verworfen|Abbandonato|Abandonado|Abandonné|متروك
ntype.municipality|Municipality|Município|Municipio|Municipi|Kommune|Comune|Município|Commune|بلدية
ntype.regional_gov|Regional government|Governo regional|Gobierno regional|Govern regional|Regionalregierung|Governo regionale|Governo regional|Gouvernement régional|حكومة إقليمية
ntype.city_network|City network|Rede de cidades|Red de ciudades|Xarxa de ciutats|Städtenetzwerk|Rete di città|Rede de cidades|Réseau de villes|شبكة مدن
ntype.social_movement|Social movement|Movimento social|Movimiento social|Moviment social|Soziale Bewegung|Movimento sociale|Movimento social|Mouvement social|حركة اجتماعية
ntype.migrant_association|Migrant association|Associação de migrantes|Asociación de migrantes|Associació de migrants|Migrantenverein|Associazione di migranti|Associação de migrantes|Association de personnes migrantes|جمعية مهاجرين
ntype.ngo|NGO|ONG|ONG|ONG|NGO|ONG|ONG|ONG|منظمة غير حكومية
decltype.final_declaration|Final declaration|Declaração final|Declaración final|Declaració final|Abschlusserklärung|Dichiarazione finale|Declaração final|Déclaration finale|إعلان ختامي
decltype.open_letter|Open letter|Carta aberta|Carta abierta|Carta oberta|Offener Brief|Lettera aperta|Carta aberta|Lettre ouverte|رسالة مفتوحة
decltype.council_resolution|Council resolution|Resolução do conselho|Resolución del pleno|Resolució del ple|Ratsbeschluss|Delibera del consiglio|Deliberação da assembleia municipal|Délibération du conseil|قرار المجلس
decltype.charter|Charter|Carta de princípios|Carta|Carta|Charta|Carta|Carta de princípios|Charte|ميثاق
decltype.manifesto|Manifesto|Manifesto|Manifiesto|Manifest|Manifest|Manifesto|Manifesto|Manifeste|بيان
decltype.position|Position|Posicionamento|Posicionamiento|Posicionament|Stellungnahme|Presa di posizione|Tomada de posição|Prise de position|موقف
ptype.joint_program|Joint programme|Programa conjunto|Programa conjunto|Programa conjunt|Gemeinsames Programm|Programma congiunto|Programa conjunto|Programme commun|برنامج مشترك
ptype.mou|Memorandum of understanding|Memorando de entendimento|Memorando de entendimiento|Memoràndum d'entesa|Absichtserklärung|Protocollo d'intesa|Memorando de entendimento|Protocole d’accord|مذكرة تفاهم
ptype.technical_assistance|Technical assistance|Assistência técnica|Asistencia técnica|Assistència tècnica|Technische Unterstützung|Assistenza tecnica|Assistência técnica|Assistance technique|مساعدة تقنية
ptype.funding|Funding|Financiamento|Financiación|Finançament|Förderung|Finanziamento|Financiamento|Financement|تمويل
ptype.relocation_pledge|Relocation pledge|Compromisso de reassentamento|Compromiso de reubicación|Compromís de reubicació|Aufnahmezusage|Impegno di ricollocazione|Compromisso de recolocação|Engagement de relocalisation|تعهد بإعادة التوطين
ptype.network_membership|Network membership|Participação em rede|Pertenencia a red|Pertinença a xarxa|Netzwerkmitgliedschaft|Adesione a una rete|Participação em rede|Adhésion à un réseau|عضوية في شبكة
ptype.twinning|Twinning|Geminação|Hermanamiento|Agermanament|Partnerschaft (Städte)|Gemellaggio|Geminação|Jumelage|توأمة
reason.withdrawn|withdrawn|retirado|retirado|retirat|zurückgezogen|ritirato|retirado|retiré|مسحوب
reason.erroneous|published in error|publicado por engano|publicado por error|publicat per error|irrtümlich veröffentlicht|pubblicato per errore|publicado por engano|publié par erreur|نُشر عن طريق الخطأ
reason.duplicate|duplicate|duplicado|duplicado|duplicat|Duplikat|duplicato|duplicado|doublon|مكرَّر
reason.superseded|superseded|substituído|sustituido|substituït|ersetzt|sostituito|substituído|remplacé|استُبدل
reason.privacy_request|privacy request|pedido de privacidade|solicitud de privacidad|sol·licitud de privacitat|Datenschutzanfrage|richiesta di privacy|pedido de privacidade|demande de confidentialité|طلب خصوصية
reason.key_compromise|key compromised|chave comprometida|clave comprometida|clau compromesa|Schlüssel kompromittiert|chiave compromessa|chave comprometida|clé compromise|مفتاح مخترَق
instrument.programme|Programme|Programa|Programa|Programa|Programm|Programma|Programa|Programme|برنامج
instrument.service|Service|Serviço|Servicio|Servei|Dienst|Servizio|Serviço|Service|خدمة
instrument.council_body|Council body|Conselho|Consejo|Consell|Gremium|Consiglio|Órgão municipal|Instance du conseil|هيئة مجلس
instrument.campaign|Campaign|Campanha|Campaña|Campanya|Kampagne|Campagna|Campanha|Campagne|حملة
instrument.law|Law|Lei|Ley|Llei|Gesetz|Legge|Lei|Loi|قانون
instrument.decree|Decree|Decreto|Decreto|Decret|Verordnung|Decreto|Decreto|Décret|مرسوم
instrument.plan|Plan|Plano|Plan|Pla|Plan|Piano|Plano|Plan|خطة
instrument.status_declaration|Status declaration|Declaração de status|Declaración de estatus|Declaració d'estatus|Statuserklärung|Dichiarazione di status|Declaração de estatuto|Déclaration de statut|إعلان صفة
instrument.fund|Fund|Fundo|Fondo|Fons|Fonds|Fondo|Fundo|Fonds|صندوق
instrument.pledge|Pledge|Compromisso|Compromiso|Compromís|Zusage|Impegno|Compromisso|Engagement|تعهد
target.all_residents|All residents|Todos os moradores|Todos los vecinos|Tots els veïns|Alle Einwohner*innen|Tutti i residenti|Todos os residentes|Tous les habitants|جميع السكان
target.migrants_any_status|Migrants of any status|Migrantes de qualquer situação|Migrantes de cualquier situación|Migrants de qualsevol situació|Migrant*innen jedes Status|Migranti di ogni status|Migrantes de qualquer situação|Personnes migrantes quel que soit leur statut|المهاجرون أيًّا كان وضعهم
target.undocumented|Undocumented people|Pessoas sem documentos|Personas indocumentadas|Persones sense papers|Menschen ohne Papiere|Persone senza documenti|Pessoas sem documentos|Personnes sans papiers|الأشخاص بلا وثائق
target.asylum_seekers|Asylum seekers|Solicitantes de asilo|Solicitantes de asilo|Sol·licitants d'asil|Asylsuchende|Richiedenti asilo|Requerentes de asilo|Demandeurs d’asile|طالبو اللجوء
target.refugees|Refugees|Refugiados|Refugiados|Refugiats|Geflüchtete|Rifugiati|Refugiados|Personnes réfugiées|اللاجئون
target.unaccompanied_minors|Unaccompanied minors|Menores desacompanhados|Menores no acompañados|Menors no acompanyats|Unbegleitete Minderjährige|Minori non accompagnati|Menores não acompanhados|Mineurs non accompagnés|القاصرون غير المصحوبين
target.women|Women|Mulheres|Mujeres|Dones|Frauen|Donne|Mulheres|Femmes|النساء
target.lgbtiq|LGBTIQ people|Pessoas LGBTIQ|Personas LGTBIQ|Persones LGTBIQ|LGBTIQ-Personen|Persone LGBTIQ|Pessoas LGBTIQ|Personnes LGBTIQ|مجتمع الميم
target.workers|Workers|Trabalhadores|Trabajadores|Treballadors|Arbeitnehmende|Lavoratori|Trabalhadores|Travailleurs et travailleuses|العمّال
admin.title|Publish as this node|Publicar como este nó|Publicar como este nodo|Publica com a aquest node|Als dieser Knoten veröffentlichen|Pubblica come questo nodo|Publicar como este nó|Publier au nom de ce nœud|النشر باسم هذه العقدة
admin.intro|Everything you publish is signed with this node's key and shared with the nodes that follow it. It can later be updated or retracted, never silently changed.|Tudo o que você publica é assinado com a chave deste nó e compartilhado com os nós que o seguem. Depois pode ser atualizado ou retirado, nunca alterado em silêncio.|Todo lo que publique se firma con la clave de este nodo y se comparte con los nodos que lo siguen. Luego se puede actualizar o retirar, nunca cambiar en silencio.|Tot el que publiqueu se signa amb la clau d'aquest node i es comparteix amb els nodes que el segueixen. Després es pot actualitzar o retirar, mai canviar en silenci.|Alles, was Sie veröffentlichen, wird mit dem Schlüssel dieses Knotens signiert und mit den Knoten geteilt, die ihm folgen. Es kann später aktualisiert oder zurückgezogen, aber nie still geändert werden.|Tutto ciò che pubblichi è firmato con la chiave di questo nodo e condiviso con i nodi che lo seguono. Potrà essere aggiornato o ritirato, mai modificato in silenzio.|Tudo o que publica é assinado com a chave deste nó e partilhado com os nós que o seguem. Pode depois ser atualizado ou retirado, mas nunca alterado em silêncio.|Tout ce que vous publiez est signé avec la clé de ce nœud et partagé avec les nœuds qui le suivent. Cela peut ensuite être mis à jour ou retiré, jamais modifié en silence.|كل ما تنشره يُوقَّع بمفتاح هذه العقدة ويُشارَك مع العقد التي تتابعها. يمكن لاحقًا تحديثه أو سحبه، لكن لا يمكن تغييره خفيةً أبدًا.
login.title|Sign in|Entrar|Iniciar sesión|Inicia la sessió|Anmelden|Accedi|Iniciar sessão|Se connecter|تسجيل الدخول
login.token|Admin token|Token de administração|Token de administración|Testimoni d'administració|Admin-Token|Token di amministrazione|Token de administração|Jeton d’administration|رمز الإدارة
login.hint|The token is in the file admin.token in the node's home. It stays in this browser tab only.|O token está no arquivo admin.token na pasta do nó. Ele fica só nesta aba do navegador.|El token está en el archivo admin.token de la carpeta del nodo. Solo se guarda en esta pestaña.|El testimoni és al fitxer admin.token de la carpeta del node. Només es desa en aquesta pestanya.|Das Token steht in der Datei admin.token im Verzeichnis des Knotens. Es bleibt nur in diesem Browser-Tab.|Il token è nel file admin.token nella cartella del nodo. Resta solo in questa scheda.|O token está no ficheiro admin.token na pasta do nó. Fica apenas neste separador do navegador.|Le jeton se trouve dans le fichier admin.token du dossier du nœud. Il reste uniquement dans cet onglet du navigateur.|الرمز موجود في الملف admin.token داخل مجلد العقدة. يبقى في علامة التبويب هذه فقط.
login.submit|Sign in|Entrar|Entrar|Entra|Anmelden|Accedi|Iniciar sessão|Se connecter|دخول
login.bad|This token was not accepted.|Este token não foi aceito.|Este token no fue aceptado.|Aquest testimoni no s'ha acceptat.|Dieses Token wurde nicht akzeptiert.|Questo token non è stato accettato.|Este token não foi aceite.|Ce jeton n’a pas été accepté.|لم يُقبل هذا الرمز.
logout|Sign out|Sair|Cerrar sesión|Tanca la sessió|Abmelden|Esci|Terminar sessão|Se déconnecter|تسجيل الخروج
kind.label|What do you want to publish?|O que você quer publicar?|¿Qué quiere publicar?|Què voleu publicar?|Was möchten Sie veröffentlichen?|Cosa vuoi pubblicare?|O que quer publicar?|Que voulez-vous publier ?|ماذا تريد أن تنشر؟
form.submit|Sign and publish|Assinar e publicar|Firmar y publicar|Signa i publica|Signieren und veröffentlichen|Firma e pubblica|Assinar e publicar|Signer et publier|وقِّع وانشر
form.required|required|obrigatório|obligatorio|obligatori|Pflichtfeld|obbligatorio|obrigatório|obligatoire|مطلوب
form.add|Add {what}|Adicionar {what}|Añadir {what}|Afegeix {what}|{what} hinzufügen|Aggiungi {what}|Adicionar {what}|Ajouter {what}|إضافة {what}
form.remove|Remove|Remover|Quitar|Treu|Entfernen|Rimuovi|Remover|Supprimer|إزالة
form.add_lang|Add a language|Adicionar idioma|Añadir idioma|Afegeix una llengua|Sprache hinzufügen|Aggiungi una lingua|Adicionar um idioma|Ajouter une langue|إضافة لغة
form.lang|Language|Idioma|Idioma|Llengua|Sprache|Lingua|Idioma|Langue|اللغة
form.text|Text|Texto|Texto|Text|Text|Testo|Texto|Texte|النص
form.choose|— choose —|— escolha —|— elija —|— trieu —|— auswählen —|— scegli —|— escolha —|— choisir —|— اختر —
form.json|JSON object|Objeto JSON|Objeto JSON|Objecte JSON|JSON-Objekt|Oggetto JSON|Objeto JSON|Objet JSON|كائن JSON
form.json_bad|This is not a valid JSON object.|Isto não é um objeto JSON válido.|No es un objeto JSON válido.|No és un objecte JSON vàlid.|Das ist kein gültiges JSON-Objekt.|Non è un oggetto JSON valido.|Isto não é um objeto JSON válido.|Ce n’est pas un objet JSON valide.|هذا ليس كائن JSON صالحًا.
form.load_body|Load the current body|Carregar o conteúdo atual|Cargar el contenido actual|Carrega el contingut actual|Aktuellen Inhalt laden|Carica il contenuto attuale|Carregar o conteúdo atual|Charger le contenu actuel|تحميل المحتوى الحالي
form.default_lang|Texts must include the node's language ({lang}).|Os textos devem incluir o idioma do nó ({lang}).|Los textos deben incluir el idioma del nodo ({lang}).|Els textos han d'incloure la llengua del node ({lang}).|Texte müssen die Sprache des Knotens enthalten ({lang}).|I testi devono includere la lingua del nodo ({lang}).|Os textos têm de incluir o idioma do nó ({lang}).|Les textes doivent inclure la langue du nœud ({lang}).|يجب أن تتضمن النصوص لغة العقدة ({lang}).
form.event_hint|Event id (64 hex characters)|Id do evento (64 caracteres hex)|Id del evento (64 caracteres hex)|Id de l'esdeveniment (64 caràcters hex)|Ereignis-ID (64 Hex-Zeichen)|Id dell'evento (64 caratteri hex)|Id do evento (64 caracteres hexadecimais)|Identifiant de l’événement (64 caractères hexadécimaux)|معرِّف الحدث (64 محرفًا ستّ عشريًا)
form.published|Published. Event id: {id}|Publicado. Id do evento: {id}|Publicado. Id del evento: {id}|Publicat. Id de l'esdeveniment: {id}|Veröffentlicht. Ereignis-ID: {id}|Pubblicato. Id dell'evento: {id}|Publicado. Id do evento: {id}|Publié. Identifiant de l’événement : {id}|نُشر. معرِّف الحدث: {id}
form.failed|The event was not published. Correct the field marked below.|O evento não foi publicado. Corrija o campo indicado abaixo.|El evento no se publicó. Corrija el campo indicado abajo.|L'esdeveniment no s'ha publicat. Corregiu el camp indicat a sota.|Das Ereignis wurde nicht veröffentlicht. Korrigieren Sie das markierte Feld.|L'evento non è stato pubblicato. Correggi il campo indicato sotto.|O evento não foi publicado. Corrija o campo assinalado abaixo.|L’événement n’a pas été publié. Corrigez le champ indiqué ci-dessous.|لم يُنشر الحدث. صحِّح الحقل المشار إليه أدناه.
form.field|Field: {field}|Campo: {field}|Campo: {field}|Camp: {field}|Feld: {field}|Campo: {field}|Campo: {field}|Champ : {field}|الحقل: {field}
err.missing_field|This field is required.|Este campo é obrigatório.|Este campo es obligatorio.|Aquest camp és obligatori.|Dieses Feld ist erforderlich.|Questo campo è obbligatorio.|Este campo é obrigatório.|Ce champ est obligatoire.|هذا الحقل مطلوب.
err.bad_value|This value is not valid.|Este valor não é válido.|Este valor no es válido.|Aquest valor no és vàlid.|Dieser Wert ist ungültig.|Questo valore non è valido.|Este valor não é válido.|Cette valeur n’est pas valide.|هذه القيمة غير صالحة.
err.bad_field_type|This value has the wrong type.|Este valor tem o tipo errado.|Este valor tiene un tipo incorrecto.|Aquest valor és d'un tipus incorrecte.|Dieser Wert hat den falschen Typ.|Questo valore è del tipo sbagliato.|Este valor é do tipo errado.|Cette valeur n’est pas du bon type.|نوع هذه القيمة غير صحيح.
err.missing_language|Add a text in the node's language ({lang}).|Adicione um texto no idioma do nó ({lang}).|Añada un texto en el idioma del nodo ({lang}).|Afegiu un text en la llengua del node ({lang}).|Fügen Sie einen Text in der Sprache des Knotens hinzu ({lang}).|Aggiungi un testo nella lingua del nodo ({lang}).|Acrescente um texto no idioma do nó ({lang}).|Ajoutez un texte dans la langue du nœud ({lang}).|أضِف نصًا بلغة العقدة ({lang}).
err.unknown_field|This field is not part of the kind.|Este campo não faz parte do tipo.|Este campo no forma parte del tipo.|Aquest camp no forma part del tipus.|Dieses Feld gehört nicht zur Art.|Questo campo non fa parte del tipo.|Este campo não faz parte do tipo.|Ce champ ne fait pas partie de ce type.|هذا الحقل ليس جزءًا من هذا النوع.
err.other|Publishing failed: {detail}|A publicação falhou: {detail}|La publicación falló: {detail}|La publicació ha fallat: {detail}|Veröffentlichung fehlgeschlagen: {detail}|Pubblicazione non riuscita: {detail}|A publicação falhou: {detail}|La publication a échoué : {detail}|فشل النشر: {detail}
kind.initiative|Initiative|Iniciativa|Iniciativa|Iniciativa|Initiative|Iniziativa|Iniciativa|Initiative|مبادرة
kind.meeting|Meeting|Reunião|Reunión|Reunió|Sitzung|Riunione|Reunião|Réunion|اجتماع
kind.meeting.outcome|Meeting outcome|Resultado de reunião|Resultado de reunión|Resultat de reunió|Sitzungsergebnis|Esito di riunione|Resultado de reunião|Compte rendu de réunion|نتائج اجتماع
kind.declaration|Declaration|Declaração|Declaración|Declaració|Erklärung|Dichiarazione|Declaração|Déclaration|إعلان
kind.endorsement|Endorsement|Apoio|Respaldo|Adhesió|Unterstützung|Adesione|Subscrição|Soutien|تأييد
kind.update|Update of an earlier event|Atualização de um evento|Actualización de un evento|Actualització d'un esdeveniment|Aktualisierung eines Ereignisses|Aggiornamento di un evento|Atualização de um evento anterior|Mise à jour d’un événement antérieur|تحديث لحدث سابق
kind.retraction|Retraction|Retirada|Retirada|Retirada|Rücknahme|Ritiro|Retirada|Retrait|سحب
kind.partnership|Partnership proposal|Proposta de parceria|Propuesta de alianza|Proposta d'aliança|Partnerschaftsvorschlag|Proposta di partenariato|Proposta de parceria|Proposition de partenariat|اقتراح شراكة
kind.partnership.accept|Accept a partnership|Aceitar parceria|Aceptar alianza|Acceptar aliança|Partnerschaft annehmen|Accetta partenariato|Aceitar uma parceria|Accepter un partenariat|قبول شراكة
kind.partnership.decline|Decline a partnership|Recusar parceria|Rechazar alianza|Rebutjar aliança|Partnerschaft ablehnen|Rifiuta partenariato|Recusar uma parceria|Refuser un partenariat|رفض شراكة
kind.partnership.end|End a partnership|Encerrar parceria|Finalizar alianza|Finalitzar aliança|Partnerschaft beenden|Concludi partenariato|Terminar uma parceria|Mettre fin à un partenariat|إنهاء شراكة
kind.progress.report|Progress report|Relatório de avanço|Informe de avance|Informe de seguiment|Fortschrittsbericht|Rapporto di avanzamento|Relatório de progresso|Rapport d’avancement|تقرير تقدّم
kind.profile|Node profile|Perfil do nó|Perfil del nodo|Perfil del node|Knotenprofil|Profilo del nodo|Perfil do nó|Profil du nœud|ملف العقدة
kind.attestation|Attestation of an outcome|Atestado de um resultado|Atestación de un resultado|Atestació d’un resultat|Bestätigung eines Ergebnisses|Attestazione di un esito|Atestação de um resultado|Attestation d’un compte rendu|مصادقة على نتائج
kind.erasure|Erasure of earlier content|Apagamento de conteúdo anterior|Borrado de contenido anterior|Esborrat de contingut anterior|Löschung früherer Inhalte|Cancellazione di contenuti precedenti|Apagamento de conteúdo anterior|Effacement d’un contenu antérieur|محو محتوى سابق
kind.follow|Follow a node|Seguir um nó|Seguir un nodo|Seguir un node|Einem Knoten folgen|Segui un nodo|Seguir um nó|Suivre un nœud|متابعة عقدة
kind.key.rotation|Hand over to a new key|Transferir para uma nova chave|Traspasar a una clave nueva|Traspassar a una clau nova|An einen neuen Schlüssel übergeben|Passa a una nuova chiave|Transferir para uma nova chave|Passer à une nouvelle clé|الانتقال إلى مفتاح جديد
nav.all|All items|Todos os itens|Todos los elementos|Tots els elements|Alle Einträge|Tutte le voci|Todos os itens|Tous les éléments|كل العناصر
s.progress|Progress: {n}%|Avanço: {n}%|Avance: {n}%|Avenç: {n}%|Fortschritt: {n} %|Avanzamento: {n}%|Progresso: {n}%|Avancement : {n} %|التقدّم: {n}٪
s.no_attest|No participant has attested this version yet.|Nenhum participante atestou esta versão ainda.|Ningún participante ha atestado aún esta versión.|Cap participant no ha atestat encara aquesta versió.|Noch hat kein Teilnehmer diese Fassung bestätigt.|Nessun partecipante ha ancora attestato questa versione.|Nenhum participante atestou ainda esta versão.|Aucun participant n’a encore attesté cette version.|لم يصادق أي مشارك على هذا الإصدار بعد.
s.outcome_of|Outcome of the meeting {link}|Resultado da reunião {link}|Resultado de la reunión {link}|Resultat de la reunió {link}|Ergebnis der Sitzung {link}|Esito della riunione {link}|Resultado da reunião {link}|Compte rendu de la réunion {link}|نتائج الاجتماع {link}
s.meeting_missing|The meeting is not held by this node.|A reunião não está guardada neste nó.|Este nodo no tiene la reunión.|Aquest node no té la reunió.|Dieser Knoten hat die Sitzung nicht.|Questo nodo non ha la riunione.|A reunião não está guardada neste nó.|Ce nœud ne détient pas la réunion.|هذه العقدة لا تحتفظ بالاجتماع.
s.partnership|Partnership|Parceria|Alianza|Aliança|Partnerschaft|Partenariato|Parceria|Partenariat|شراكة
s.outcome_title|Outcome: {title}|Resultado: {title}|Resultado: {title}|Resultat: {title}|Ergebnis: {title}|Esito: {title}|Resultado: {title}|Compte rendu : {title}|النتائج: {title}
s.a_meeting|a meeting|uma reunião|una reunión|una reunió|eine Sitzung|una riunione|uma reunião|une réunion|اجتماع
s.signed_by|Signed by {name} with its key {key}.|Assinado por {name} com a chave {key}.|Firmado por {name} con su clave {key}.|Signat per {name} amb la clau {key}.|Signiert von {name} mit dem Schlüssel {key}.|Firmato da {name} con la chiave {key}.|Assinado por {name} com a chave {key}.|Signé par {name} avec sa clé {key}.|وُقِّع من قِبل {name} بالمفتاح {key}.
s.rotated|(a later key of {name}, to which the earlier key handed over)|(uma chave posterior de {name}, à qual a chave anterior passou a identidade)|(una clave posterior de {name}, a la que la clave anterior traspasó la identidad)|(una clau posterior de {name}, a la qual la clau anterior va traspassar la identitat)|(ein späterer Schlüssel von {name}, dem der frühere Schlüssel die Identität übergeben hat)|(una chiave successiva di {name}, a cui la chiave precedente ha passato l’identità)|(uma chave posterior de {name}, para a qual a chave anterior transferiu a identidade)|(une clé ultérieure de {name}, à laquelle la clé précédente a transmis l’identité)|(مفتاح لاحق لـ{name}، نقل إليه المفتاح السابق الهوية)
s.chain|Event {seq} of {length} in the chain of {name}: each event names the one before, so none can be removed or changed unnoticed.|Evento {seq} de {length} na cadeia de {name}: cada evento aponta para o anterior, então nenhum pode ser removido ou alterado sem que se perceba.|Evento {seq} de {length} en la cadena de {name}: cada evento nombra al anterior, así que ninguno puede quitarse ni cambiarse sin que se note.|Esdeveniment {seq} de {length} en la cadena de {name}: cada esdeveniment esmenta l’anterior, de manera que cap no es pot treure ni canviar sense que es noti.|Ereignis {seq} von {length} in der Kette von {name}: Jedes Ereignis nennt das vorige, daher kann keines unbemerkt entfernt oder geändert werden.|Evento {seq} di {length} nella catena di {name}: ogni evento cita il precedente, quindi nessuno può essere tolto o cambiato senza che si noti.|Evento {seq} de {length} na cadeia de {name}: cada evento refere o anterior, pelo que nenhum pode ser removido ou alterado sem que se note.|Événement {seq} sur {length} dans la chaîne de {name} : chaque événement désigne le précédent, donc aucun ne peut être supprimé ou modifié sans que cela se voie.|الحدث {seq} من {length} في سلسلة {name}: كل حدث يشير إلى الحدث الذي قبله، فلا يمكن حذف أي حدث أو تغييره دون أن يُلاحَظ ذلك.
s.verified|Signature and chain verified by this node, {node}.|Assinatura e cadeia verificadas por este nó, {node}.|Firma y cadena verificadas por este nodo, {node}.|Signatura i cadena verificades per aquest node, {node}.|Signatur und Kette von diesem Knoten geprüft: {node}.|Firma e catena verificate da questo nodo, {node}.|Assinatura e cadeia verificadas por este nó, {node}.|Signature et chaîne vérifiées par ce nœud, {node}.|تحقّقت هذه العقدة، {node}، من التوقيع والسلسلة.
s.published|Published {date}.|Publicado em {date}.|Publicado el {date}.|Publicat el {date}.|Veröffentlicht am {date}.|Pubblicato il {date}.|Publicado em {date}.|Publié le {date}.|نُشر في {date}.
s.updated|Updated {date} (version {n}).|Atualizado em {date} (versão {n}).|Actualizado el {date} (versión {n}).|Actualitzat el {date} (versió {n}).|Aktualisiert am {date} (Version {n}).|Aggiornato il {date} (versione {n}).|Atualizado em {date} (versão {n}).|Mis à jour le {date} (version {n}).|حُدِّث في {date} (الإصدار {n}).
s.raw|See the signed event (JSON)|Ver o evento assinado (JSON)|Ver el evento firmado (JSON)|Mostra l’esdeveniment signat (JSON)|Das signierte Ereignis ansehen (JSON)|Vedi l’evento firmato (JSON)|Ver o evento assinado (JSON)|Voir l’événement signé (JSON)|عرض الحدث الموقَّع (JSON)
s.withdrawn|Withdrawn: {reason}|Retirado: {reason}|Retirado: {reason}|Retirat: {reason}|Zurückgezogen: {reason}|Ritirato: {reason}|Retirado: {reason}|Retiré : {reason}|مسحوب: {reason}
s.erased|Content erased|Conteúdo apagado|Contenido borrado|Contingut esborrat|Inhalt gelöscht|Contenuto cancellato|Conteúdo apagado|Contenu effacé|المحتوى ممحوّ
s.erased_on|erased on {date}|apagado em {date}|borrado el {date}|esborrat el {date}|gelöscht am {date}|cancellato il {date}|apagado em {date}|effacé le {date}|مُحي في {date}
s.erased_note|Its signature and its place in the chain remain and still verify.|A assinatura e o lugar na cadeia permanecem e continuam verificáveis.|Su firma y su lugar en la cadena permanecen y siguen verificándose.|La signatura i el lloc a la cadena es mantenen i encara es verifiquen.|Signatur und Platz in der Kette bleiben und lassen sich weiter prüfen.|La firma e il posto nella catena restano e si verificano ancora.|A assinatura e o lugar na cadeia mantêm-se e continuam a verificar-se.|Sa signature et sa place dans la chaîne demeurent et se vérifient toujours.|يبقى توقيعه ومكانه في السلسلة، ولا يزال التحقق منهما ممكنًا.
s.map_title|Map of initiatives and meetings|Mapa de iniciativas e reuniões|Mapa de iniciativas y reuniones|Mapa d’iniciatives i reunions|Karte der Initiativen und Sitzungen|Mappa di iniziative e riunioni|Mapa de iniciativas e reuniões|Carte des initiatives et des réunions|خريطة المبادرات والاجتماعات
s.map_hint|Places published with coordinates, from this node’s GeoJSON feeds:|Locais publicados com coordenadas, dos feeds GeoJSON deste nó:|Lugares publicados con coordenadas, de los feeds GeoJSON de este nodo:|Llocs publicats amb coordenades, dels canals GeoJSON d’aquest node:|Orte mit Koordinaten aus den GeoJSON-Feeds dieses Knotens:|Luoghi pubblicati con coordinate, dai feed GeoJSON di questo nodo:|Locais publicados com coordenadas, a partir dos feeds GeoJSON deste nó:|Lieux publiés avec des coordonnées, tirés des flux GeoJSON de ce nœud :|أماكن منشورة بإحداثياتها، من موجزات GeoJSON لهذه العقدة:
s.map_noscript|The map needs JavaScript; the list below does not.|O mapa precisa de JavaScript; a lista abaixo, não.|El mapa necesita JavaScript; la lista de abajo, no.|El mapa necessita JavaScript; la llista de sota, no.|Die Karte braucht JavaScript, die Liste darunter nicht.|La mappa richiede JavaScript; l’elenco qui sotto no.|O mapa precisa de JavaScript; a lista abaixo, não.|La carte nécessite JavaScript ; la liste ci-dessous, non.|تحتاج الخريطة إلى JavaScript، أما القائمة أدناه فلا.
s.map_places|Places on the map|Locais no mapa|Lugares en el mapa|Llocs al mapa|Orte auf der Karte|Luoghi sulla mappa|Locais no mapa|Lieux sur la carte|الأماكن على الخريطة
s.tiles_bad|[page] tiles in citymesh.toml must be an https URL with {zxy}; the map shows the built-in outline instead.|[page] tiles no citymesh.toml deve ser uma URL https com {zxy}; o mapa mostra o contorno embutido no lugar.|[page] tiles en citymesh.toml debe ser una URL https con {zxy}; el mapa muestra en su lugar el contorno incluido.|[page] tiles a citymesh.toml ha de ser un URL https amb {zxy}; el mapa mostra en el seu lloc el contorn inclòs.|[page] tiles in citymesh.toml muss eine https-URL mit {zxy} sein; die Karte zeigt stattdessen den eingebauten Umriss.|[page] tiles in citymesh.toml deve essere un URL https con {zxy}; la mappa mostra invece il contorno incluso.|[page] tiles no citymesh.toml tem de ser um URL https com {zxy}; em vez disso, o mapa mostra o contorno incluído.|[page] tiles dans citymesh.toml doit être une URL https avec {zxy} ; la carte affiche à la place le contour intégré.|يجب أن يكون [page] tiles في citymesh.toml عنوان https يحتوي على {zxy}؛ تعرض الخريطة بدلًا من ذلك المخطط المدمج.
s.cal_title|Calendar of meetings|Agenda de reuniões|Calendario de reuniones|Calendari de reunions|Sitzungskalender|Calendario delle riunioni|Calendário de reuniões|Calendrier des réunions|تقويم الاجتماعات
s.cal_month|Month|Mês|Mes|Mes|Monat|Mese|Mês|Mois|الشهر
s.cal_list|List|Lista|Lista|Llista|Liste|Elenco|Lista|Liste|القائمة
s.prev_month|← Previous month|← Mês anterior|← Mes anterior|← Mes anterior|← Voriger Monat|← Mese precedente|← Mês anterior|← Mois précédent|→ الشهر السابق
s.next_month|Next month →|Próximo mês →|Mes siguiente →|Mes següent →|Nächster Monat →|Mese successivo →|Mês seguinte →|Mois suivant →|الشهر التالي ←
s.this_month|This month|Este mês|Este mes|Aquest mes|Diesen Monat|Questo mese|Este mês|Ce mois-ci|هذا الشهر
s.no_meetings_month|No meetings this month.|Nenhuma reunião neste mês.|No hay reuniones este mes.|Aquest mes no hi ha reunions.|Keine Sitzungen in diesem Monat.|Nessuna riunione questo mese.|Não há reuniões este mês.|Aucune réunion ce mois-ci.|لا اجتماعات هذا الشهر.
s.no_meetings|No meetings yet.|Nenhuma reunião ainda.|Todavía no hay reuniones.|Encara no hi ha reunions.|Noch keine Sitzungen.|Ancora nessuna riunione.|Ainda não há reuniões.|Aucune réunion pour l’instant.|لا اجتماعات بعد.
s.months_with|Months with meetings:|Meses com reuniões:|Meses con reuniones:|Mesos amb reunions:|Monate mit Sitzungen:|Mesi con riunioni:|Meses com reuniões:|Mois avec des réunions :|أشهر فيها اجتماعات:
s.graph|Who follows whom: an arrow goes from a node to each node it follows.|Quem segue quem: uma seta vai de cada nó a cada nó que ele segue.|Quién sigue a quién: una flecha va de un nodo a cada nodo que sigue.|Qui segueix qui: una fletxa va d’un node a cada node que segueix.|Wer wem folgt: Ein Pfeil führt von einem Knoten zu jedem Knoten, dem er folgt.|Chi segue chi: una freccia va da un nodo a ogni nodo che segue.|Quem segue quem: uma seta vai de um nó para cada nó que ele segue.|Qui suit qui : une flèche va d’un nœud vers chaque nœud qu’il suit.|من يتابع مَن: يتجه سهم من كل عقدة إلى كل عقدة تتابعها.
date.months|January,February,March,April,May,June,July,August,September,October,November,December|janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro|enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre|gener,febrer,març,abril,maig,juny,juliol,agost,setembre,octubre,novembre,desembre|Januar,Februar,März,April,Mai,Juni,Juli,August,September,Oktober,November,Dezember|gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre|janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro|janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre|يناير,فبراير,مارس,أبريل,مايو,يونيو,يوليو,أغسطس,سبتمبر,أكتوبر,نوفمبر,ديسمبر
date.days|Mon,Tue,Wed,Thu,Fri,Sat,Sun|seg,ter,qua,qui,sex,sáb,dom|lun,mar,mié,jue,vie,sáb,dom|dl.,dt.,dc.,dj.,dv.,ds.,dg.|Mo,Di,Mi,Do,Fr,Sa,So|lun,mar,mer,gio,ven,sab,dom|seg,ter,qua,qui,sex,sáb,dom|lun.,mar.,mer.,jeu.,ven.,sam.,dim.|الاثنين,الثلاثاء,الأربعاء,الخميس,الجمعة,السبت,الأحد
date.days_narrow|M,T,W,T,F,S,S|S,T,Q,Q,S,S,D|L,M,X,J,V,S,D|dl,dt,dc,dj,dv,ds,dg|M,D,M,D,F,S,S|L,M,M,G,V,S,D|S,T,Q,Q,S,S,D|L,M,M,J,V,S,D|ن,ث,ر,خ,ج,س,ح
date.day|{d} {m} {y}|{d} de {m} de {y}|{d} de {m} de {y}|{d} {m} {y}|{d}. {m} {y}|{d} {m} {y}|{d} de {m} de {y}|{d} {m} {y}|{d} {m} {y}
date.month|{m} {y}|{m} de {y}|{m} de {y}|{m} {y}|{m} {y}|{m} {y}|{m} de {y}|{m} {y}|{m} {y}
kdesc.attestation|This node agrees with one exact meeting outcome.|Este nó concorda com uma versão exata do resultado de uma reunião.|Este nodo está de acuerdo con una versión exacta del resultado de una reunión.|Aquest node està d’acord amb una versió exacta del resultat d’una reunió.|Dieser Knoten stimmt einer genauen Fassung eines Sitzungsergebnisses zu.|Questo nodo concorda con una versione esatta dell’esito di una riunione.|Este nó concorda com uma versão exata do resultado de uma reunião.|Ce nœud approuve une version précise du compte rendu d’une réunion.|توافق هذه العقدة على نسخة محددة من نتائج اجتماع.
kdesc.declaration|A declaration, open letter or charter.|Uma declaração, carta aberta ou carta de princípios.|Una declaración, carta abierta o carta de principios.|Una declaració, carta oberta o carta de principis.|Eine Erklärung, ein offener Brief oder eine Charta.|Una dichiarazione, lettera aperta o carta.|Uma declaração, carta aberta ou carta de princípios.|Une déclaration, une lettre ouverte ou une charte.|إعلان أو رسالة مفتوحة أو ميثاق.
kdesc.endorsement|This node’s stance on another event.|A posição deste nó sobre outro evento.|La postura de este nodo sobre otro evento.|La posició d’aquest node sobre un altre esdeveniment.|Die Haltung dieses Knotens zu einem anderen Ereignis.|La posizione di questo nodo su un altro evento.|A posição deste nó sobre outro evento.|La position de ce nœud sur un autre événement.|موقف هذه العقدة من حدث آخر.
kdesc.erasure|Erases the bodies of earlier events by the same author.|Apaga o conteúdo de eventos anteriores do mesmo autor.|Borra el contenido de eventos anteriores del mismo autor.|Esborra el contingut d’esdeveniments anteriors del mateix autor.|Löscht die Inhalte früherer Ereignisse desselben Autors.|Cancella il contenuto di eventi precedenti dello stesso autore.|Apaga o conteúdo de eventos anteriores do mesmo autor.|Efface le contenu d’événements antérieurs du même auteur.|يمحو محتوى أحداث سابقة للجهة نفسها.
kdesc.follow|This node replicates another author’s feed.|Este nó replica o feed de outro autor.|Este nodo replica el feed de otro autor.|Aquest node replica el canal d’un altre autor.|Dieser Knoten übernimmt den Feed eines anderen Autors.|Questo nodo replica il feed di un altro autore.|Este nó replica o feed de outro autor.|Ce nœud réplique le flux d’un autre auteur.|تنسخ هذه العقدة موجز جهة أخرى.
kdesc.initiative|A policy, programme, service, law or pledge.|Uma política, programa, serviço, lei ou compromisso.|Una política, programa, servicio, ley o compromiso.|Una política, programa, servei, llei o compromís.|Eine Politik, ein Programm, ein Dienst, ein Gesetz oder eine Zusage.|Una politica, un programma, un servizio, una legge o un impegno.|Uma política, programa, serviço, lei ou compromisso.|Une politique, un programme, un service, une loi ou un engagement.|سياسة أو برنامج أو خدمة أو قانون أو تعهد.
kdesc.key.rotation|Hands the node’s identity to a new key.|Passa a identidade do nó para uma nova chave.|Traspasa la identidad del nodo a una clave nueva.|Traspassa la identitat del node a una clau nova.|Übergibt die Identität des Knotens an einen neuen Schlüssel.|Passa l’identità del nodo a una nuova chiave.|Transfere a identidade do nó para uma nova chave.|Transmet l’identité du nœud à une nouvelle clé.|ينقل هوية العقدة إلى مفتاح جديد.
kdesc.meeting|A meeting, session, forum or assembly.|Uma reunião, sessão, fórum ou assembleia.|Una reunión, sesión, foro o asamblea.|Una reunió, sessió, fòrum o assemblea.|Eine Sitzung, ein Forum oder eine Versammlung.|Una riunione, sessione, forum o assemblea.|Uma reunião, sessão, fórum ou assembleia.|Une réunion, une séance, un forum ou une assemblée.|اجتماع أو جلسة أو منتدى أو جمعية.
kdesc.meeting.outcome|What a meeting decided and who does what.|O que uma reunião decidiu e quem faz o quê.|Lo que decidió una reunión y quién hace qué.|El que va decidir una reunió i qui fa què.|Was eine Sitzung beschlossen hat und wer was übernimmt.|Cosa ha deciso una riunione e chi fa cosa.|O que uma reunião decidiu e quem faz o quê.|Ce qu’une réunion a décidé, et qui fait quoi.|ما قرّره اجتماع ومن يفعل ماذا.
kdesc.partnership|A proposed partnership between named nodes.|Uma proposta de parceria entre nós nomeados.|Una propuesta de alianza entre nodos nombrados.|Una proposta d’aliança entre nodes anomenats.|Ein Partnerschaftsvorschlag zwischen benannten Knoten.|Una proposta di partenariato tra nodi indicati.|Uma proposta de parceria entre nós indicados.|Une proposition de partenariat entre des nœuds désignés.|اقتراح شراكة بين عقد محددة.
kdesc.partnership.accept|A partner accepts a proposal.|Um parceiro aceita uma proposta.|Un socio acepta una propuesta.|Un soci accepta una proposta.|Ein Partner nimmt einen Vorschlag an.|Un partner accetta una proposta.|Um parceiro aceita uma proposta.|Un partenaire accepte une proposition.|يقبل شريك اقتراحًا.
kdesc.partnership.decline|A partner declines a proposal.|Um parceiro recusa uma proposta.|Un socio rechaza una propuesta.|Un soci rebutja una proposta.|Ein Partner lehnt einen Vorschlag ab.|Un partner rifiuta una proposta.|Um parceiro recusa uma proposta.|Un partenaire refuse une proposition.|يرفض شريك اقتراحًا.
kdesc.partnership.end|A partner ends an active partnership.|Um parceiro encerra uma parceria ativa.|Un socio finaliza una alianza activa.|Un soci finalitza una aliança activa.|Ein Partner beendet eine laufende Partnerschaft.|Un partner conclude un partenariato attivo.|Um parceiro termina uma parceria ativa.|Un partenaire met fin à un partenariat actif.|ينهي شريك شراكة قائمة.
kdesc.profile|Who the node is: name, type, country, languages.|Quem é o nó: nome, tipo, país, idiomas.|Quién es el nodo: nombre, tipo, país, idiomas.|Qui és el node: nom, tipus, país, llengües.|Wer der Knoten ist: Name, Art, Land, Sprachen.|Chi è il nodo: nome, tipo, paese, lingue.|Quem é o nó: nome, tipo, país, idiomas.|Qui est le nœud : nom, type, pays, langues.|من هي العقدة: الاسم والنوع والبلد واللغات.
kdesc.progress.report|How an initiative or commitment stands.|Como está uma iniciativa ou compromisso.|Cómo va una iniciativa o un compromiso.|Com va una iniciativa o un compromís.|Wie es um eine Initiative oder Zusage steht.|A che punto è un’iniziativa o un impegno.|Em que ponto está uma iniciativa ou compromisso.|Où en est une initiative ou un engagement.|أين وصلت مبادرة أو التزام.
kdesc.retraction|Withdraws an earlier event by the same author.|Retira um evento anterior do mesmo autor.|Retira un evento anterior del mismo autor.|Retira un esdeveniment anterior del mateix autor.|Zieht ein früheres Ereignis desselben Autors zurück.|Ritira un evento precedente dello stesso autore.|Retira um evento anterior do mesmo autor.|Retire un événement antérieur du même auteur.|يسحب حدثًا سابقًا للجهة نفسها.
kdesc.update|The full new body of an earlier event by the same author.|O novo conteúdo completo de um evento anterior do mesmo autor.|El nuevo contenido completo de un evento anterior del mismo autor.|El nou contingut complet d’un esdeveniment anterior del mateix autor.|Der vollständige neue Inhalt eines früheren Ereignisses desselben Autors.|Il nuovo contenuto completo di un evento precedente dello stesso autore.|O novo conteúdo completo de um evento anterior do mesmo autor.|Le nouveau contenu complet d’un événement antérieur du même auteur.|المحتوى الجديد الكامل لحدث سابق للجهة نفسها.
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
`;

// Field names of the core kinds, for the generated admin forms, in the same columns.
const FIELDS = `
title|Title|Título|Título|Títol|Titel|Titolo|Título|Titre|العنوان
summary|Summary|Resumo|Resumen|Resum|Zusammenfassung|Sintesi|Resumo|Résumé|الملخص
category|Area|Área|Área|Àmbit|Handlungsfeld|Ambito|Área|Domaine|المجال
status|Status|Situação|Estado|Estat|Status|Stato|Estado|État|الحالة
instrument|Instrument|Instrumento|Instrumento|Instrument|Instrument|Strumento|Instrumento|Instrument|الأداة
start|Start|Início|Inicio|Inici|Beginn|Inizio|Início|Début|البداية
end|End|Fim|Fin|Fi|Ende|Fine|Fim|Fin|النهاية
places|Places|Locais|Lugares|Llocs|Orte|Luoghi|Locais|Lieux|الأماكن
place|Place|Local|Lugar|Lloc|Ort|Luogo|Local|Lieu|المكان
target_groups|Target groups|Público|Destinatarios|Destinataris|Zielgruppen|Destinatari|Público-alvo|Publics visés|الفئات المستهدفة
languages_offered|Languages offered|Idiomas oferecidos|Idiomas ofrecidos|Llengües ofertes|Angebotene Sprachen|Lingue offerte|Idiomas disponíveis|Langues proposées|اللغات المتاحة
partners|Partners|Parceiros|Socios|Socis|Partner|Partner|Parceiros|Partenaires|الشركاء
legal|Legal basis|Base legal|Base legal|Base legal|Rechtsgrundlage|Base giuridica|Base legal|Base juridique|الأساس القانوني
progress|Progress (%)|Avanço (%)|Avance (%)|Avenç (%)|Fortschritt (%)|Avanzamento (%)|Progresso (%)|Avancement (%)|التقدّم (%)
homepage|Website|Site|Sitio web|Lloc web|Webseite|Sito web|Sítio web|Site web|الموقع الإلكتروني
name|Name|Nome|Nombre|Nom|Name|Nome|Nome|Nom|الاسم
address|Address|Endereço|Dirección|Adreça|Adresse|Indirizzo|Morada|Adresse|العنوان البريدي
geo|Coordinates|Coordenadas|Coordenadas|Coordenades|Koordinaten|Coordinate|Coordenadas|Coordonnées|الإحداثيات
street|Street|Rua|Calle|Carrer|Straße|Via|Rua|Rue|الشارع
locality|City|Cidade|Ciudad|Ciutat|Ort|Città|Localidade|Ville|المدينة
region|Region|Região|Región|Regió|Region|Regione|Região|Région|المنطقة
postal_code|Postal code|CEP|Código postal|Codi postal|Postleitzahl|CAP|Código postal|Code postal|الرمز البريدي
country|Country (ISO code)|País (código ISO)|País (código ISO)|País (codi ISO)|Land (ISO-Code)|Paese (codice ISO)|País (código ISO)|Pays (code ISO)|البلد (رمز ISO)
lat|Latitude|Latitude|Latitud|Latitud|Breitengrad|Latitudine|Latitude|Latitude|خط العرض
lon|Longitude|Longitude|Longitud|Longitud|Längengrad|Longitudine|Longitude|Longitude|خط الطول
node|Node (public key)|Nó (chave pública)|Nodo (clave pública)|Node (clau pública)|Knoten (öffentlicher Schlüssel)|Nodo (chiave pubblica)|Nó (chave pública)|Nœud (clé publique)|العقدة (المفتاح العام)
identifier|Identifier|Identificador|Identificador|Identificador|Kennung|Identificativo|Identificador|Identifiant|المعرِّف
type|Type|Tipo|Tipo|Tipus|Art|Tipo|Tipo|Type|النوع
adopted_on|Adopted on|Adotada em|Adoptada el|Adoptada el|Angenommen am|Adottata il|Adotada em|Adoptée le|تاريخ الاعتماد
adopted_by|Adopted by|Adotada por|Adoptada por|Adoptada per|Angenommen von|Adottata da|Adotada por|Adoptée par|اعتمدته
in_force_from|In force from|Em vigor desde|En vigor desde|En vigor des de|In Kraft seit|In vigore dal|Em vigor desde|En vigueur depuis|ساري المفعول منذ
url|Link|Link|Enlace|Enllaç|Link|Link|Ligação|Lien|الرابط
timezone|Time zone|Fuso horário|Zona horaria|Zona horària|Zeitzone|Fuso orario|Fuso horário|Fuseau horaire|المنطقة الزمنية
attendance_mode|Attendance|Modalidade|Modalidad|Modalitat|Teilnahmeform|Modalità|Modalidade|Modalité|طريقة الحضور
online_url|Online link|Link on-line|Enlace en línea|Enllaç en línia|Online-Link|Link online|Ligação online|Lien en ligne|رابط الحضور عبر الإنترنت
organizers|Organisers|Organização|Organización|Organització|Veranstaltende|Organizzatori|Organização|Organisation|الجهات المنظِّمة
agenda|Agenda|Pauta|Orden del día|Ordre del dia|Tagesordnung|Ordine del giorno|Ordem de trabalhos|Ordre du jour|جدول الأعمال
description|Description|Descrição|Descripción|Descripció|Beschreibung|Descrizione|Descrição|Description|الوصف
meeting|Meeting|Reunião|Reunión|Reunió|Sitzung|Riunione|Reunião|Réunion|الاجتماع
attendees_count|Attendees|Participantes|Asistentes|Assistents|Teilnehmende|Partecipanti|Participantes|Participants|عدد الحضور
decisions|Decisions|Decisões|Decisiones|Decisions|Beschlüsse|Decisioni|Decisões|Décisions|القرارات
action_items|Action items|Encaminhamentos|Acciones acordadas|Accions acordades|Aufgaben|Azioni|Ações acordadas|Actions à mener|المهام المتفق عليها
minutes|Minutes|Ata|Acta|Acta|Protokoll|Verbale|Ata|Procès-verbal|المحضر
sha256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256|SHA-256
text|Text|Texto|Texto|Text|Text|Testo|Texto|Texte|النص
key|Key|Chave|Clave|Clau|Schlüssel|Chiave|Chave|Clé|المفتاح
result|Result|Resultado|Resultado|Resultat|Ergebnis|Risultato|Resultado|Résultat|النتيجة
votes|Votes|Votos|Votos|Vots|Stimmen|Voti|Votos|Votes|الأصوات
yes|Yes|Sim|Sí|Sí|Ja|Sì|Sim|Oui|نعم
no|No|Não|No|No|Nein|No|Não|Non|لا
abstain|Abstain|Abstenção|Abstención|Abstenció|Enthaltung|Astensione|Abstenção|Abstention|امتناع
owner|Owner|Responsável|Responsable|Responsable|Zuständig|Responsabile|Responsável|Responsable|المسؤول
due|Due|Prazo|Plazo|Termini|Fällig|Scadenza|Prazo|Échéance|الموعد النهائي
adopted_at|Adopted at (event)|Adotada em (evento)|Adoptada en (evento)|Adoptada a (esdeveniment)|Angenommen bei (Ereignis)|Adottata a (evento)|Adotada em (evento)|Adoptée lors de (événement)|اعتُمد خلال (حدث)
event|Event|Evento|Evento|Esdeveniment|Ereignis|Evento|Evento|Événement|الحدث
stance|Stance|Posição|Postura|Posició|Haltung|Posizione|Posição|Position|الموقف
statement|Statement|Declaração|Declaración|Declaració|Stellungnahme|Dichiarazione|Declaração|Déclaration|البيان
body|New body|Novo conteúdo|Nuevo contenido|Nou contingut|Neuer Inhalt|Nuovo contenuto|Novo conteúdo|Nouveau contenu|المحتوى الجديد
note|Note|Nota|Nota|Nota|Anmerkung|Nota|Nota|Note|ملاحظة
reason|Reason|Motivo|Motivo|Motiu|Grund|Motivo|Motivo|Motif|السبب
explanation|Explanation|Explicação|Explicación|Explicació|Erläuterung|Spiegazione|Explicação|Explication|التوضيح
commitments|Commitments|Compromissos|Compromisos|Compromisos|Zusagen|Impegni|Compromissos|Engagements|الالتزامات
by|By (node)|Por (nó)|Por (nodo)|Per (node)|Von (Knoten)|Da (nodo)|Por (nó)|Par (nœud)|من (العقدة)
proposal|Proposal|Proposta|Propuesta|Proposta|Vorschlag|Proposta|Proposta|Proposition|الاقتراح
about|About (event)|Sobre (evento)|Sobre (evento)|Sobre (esdeveniment)|Zu (Ereignis)|Riguardo a (evento)|Sobre (evento)|À propos de (événement)|بشأن (حدث)
date|Date|Data|Fecha|Data|Datum|Data|Data|Date|التاريخ
item|Item key|Chave do item|Clave del elemento|Clau de l'element|Punkt-Schlüssel|Chiave della voce|Chave do item|Clé de l’élément|مفتاح العنصر
narrative|Narrative|Relato|Relato|Relat|Bericht|Resoconto|Relato|Récit|السرد
metrics|Metrics|Indicadores|Indicadores|Indicadors|Kennzahlen|Indicatori|Indicadores|Indicateurs|المؤشرات
value|Value|Valor|Valor|Valor|Wert|Valore|Valor|Valeur|القيمة
unit|Unit|Unidade|Unidad|Unitat|Einheit|Unità|Unidade|Unité|الوحدة
node_type|Node type|Tipo de nó|Tipo de nodo|Tipus de node|Knotentyp|Tipo di nodo|Tipo de nó|Type de nœud|نوع العقدة
languages|Languages|Idiomas|Idiomas|Llengües|Sprachen|Lingue|Idiomas|Langues|اللغات
location|Location|Localização|Ubicación|Ubicació|Standort|Posizione|Localização|Emplacement|الموقع
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

// Making an Intl formatter costs far more than using one, and the overview formats dates for
// hundreds of cards: one formatter per kind, language and options.
const formatters = new Map();

function formatter(Kind, opts) {
  const key = `${Kind.name} ${current} ${JSON.stringify(opts)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Kind(current, opts);
    formatters.set(key, made);
  }
  return made;
}

/** The interface languages the reader prefers, best first, as supported codes. */
function match(tag) {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  const exact = CODES.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split("-")[0];
  return CODES.find((c) => c.toLowerCase().split("-")[0] === primary) || null;
}

/** Choose the interface language: ?lang=, else the saved choice, else the browser's, else English. */
export function initLang() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORE_KEY);
  } catch {
    saved = null;
  }
  // A link with ?lang= (as the server-rendered pages take) wins, and is remembered.
  const asked = match(new URLSearchParams(location.search).get("lang"));
  if (asked) {
    setLang(asked);
    return current;
  }
  const wanted = [saved, ...(navigator.languages || [navigator.language])];
  current = wanted.map(match).find(Boolean) || "en";
  mark();
  return current;
}

export function setLang(code) {
  current = match(code) || "en";
  mark();
  try {
    localStorage.setItem(STORE_KEY, current);
  } catch {
    // private browsing: the choice lasts for this page only
  }
}

/** The text direction of a supported interface language. */
export function dirOf(code) {
  return LANGS.find((l) => l.code === code)?.dir || "ltr";
}

// The whole page takes the language and direction, so right-to-left scripts lay out mirrored.
function mark() {
  document.documentElement.lang = current;
  document.documentElement.dir = dirOf(current);
}

export function lang() {
  return current;
}

/**
 * The translated interface string for `key`, with `{name}` placeholders filled in; numbers are
 * written the reader's way (digits and grouping of the interface language).
 */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => {
    const value = vars[name];
    return typeof value === "number" ? formatter(Intl.NumberFormat, {}).format(value) : String(value ?? "");
  });
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
  return formatter(Intl.DateTimeFormat, opts).format(date);
}

/** A wall-clock time "YYYY-MM-DDTHH:MM" as written (it is already in the meeting's zone). */
export function formatLocal(value, withDate = true) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
  if (!m) return value || "";
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  const opts = { timeZone: "UTC", hour: "2-digit", minute: "2-digit" };
  if (withDate) Object.assign(opts, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
  return formatter(Intl.DateTimeFormat, opts).format(date);
}

export function formatMonth(value) {
  const m = /^(\d{4})-(\d{2})/.exec(value || "");
  if (!m) return "";
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return formatter(Intl.DateTimeFormat, { timeZone: "UTC", year: "numeric", month: "long" }).format(date);
}
