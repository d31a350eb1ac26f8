"""The words of the web page, in Swedish and English. What the engine says (errors, states,
what happens next) comes from `arshjul.i18n`, as on the command line."""

from __future__ import annotations

from arshjul.i18n import language

TEXTS: dict[str, dict[str, str]] = {
    # the frame
    "skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "tagline": {
        "sv": "Planering och uppföljning i {name}",
        "en": "Planning and follow-up in {name}",
    },
    "footer": {
        "sv": "Årshjul för {name}, Finansinspektionens privat-offentliga samverkan för beredskap i finanssektorn. Frågor om ärenden besvaras av FI:s samordnare.",
        "en": "Årshjul for {name}, Finansinspektionen's public-private preparedness cooperation in the financial sector. FI's coordinators answer questions about items.",
    },
    "nav": {"sv": "Huvudmeny", "en": "Main menu"},
    "nav_ours": {"sv": "Våra ärenden", "en": "Our items"},
    "nav_propose": {"sv": "Lämna förslag", "en": "Propose"},
    "nav_measures": {"sv": "Mina åtgärder", "en": "My measures"},
    "nav_board": {"sv": "Cykeltavla", "en": "Cycle board"},
    "nav_reports": {"sv": "Rapporter", "en": "Reports"},
    "nav_calendar": {"sv": "Möteskalender", "en": "Meeting calendar"},
    "sign_out": {"sv": "Logga ut", "en": "Sign out"},
    "to_start": {"sv": "Till startsidan", "en": "To the start page"},
    # signing in
    "signin_title": {"sv": "Logga in", "en": "Sign in"},
    "signin_lead": {
        "sv": "Här följer ni era förslag och åtgärder i {name} genom året. Ange den e-postadress som Finansinspektionen har registrerat för er, så skickar vi en inloggningslänk.",
        "en": "Here you follow your proposals and measures in {name} through the year. Enter the email address Finansinspektionen has registered for you, and we send you a sign-in link.",
    },
    "address": {"sv": "E-postadress", "en": "Email address"},
    "address_hint": {"sv": "Till exempel namn@banken.se", "en": "For example name@bank.com"},
    "send_link": {"sv": "Skicka inloggningslänk", "en": "Send sign-in link"},
    "signin_sent_head": {"sv": "Titta i din inkorg", "en": "Look in your inbox"},
    "signin_sent": {
        "sv": "Om {address} är registrerad hos oss har vi skickat en inloggningslänk dit. Länken gäller i {minutes} minuter och fungerar en gång.",
        "en": "If {address} is registered with us, we have sent a sign-in link there. The link is valid for {minutes} minutes and works once.",
    },
    "signin_help": {
        "sv": "Inget meddelande? Kontrollera skräpposten, eller be FI:s samordnare kontrollera vilken adress ni är registrerade med.",
        "en": "No message? Check your junk mail, or ask FI's coordinators which address you are registered with.",
    },
    "confirm_lead": {
        "sv": "Du loggar in som {name}, {org}.",
        "en": "You are signing in as {name}, {org}.",
    },
    "confirm_why": {
        "sv": "Länken fungerar en gång. Tryck på knappen för att logga in.",
        "en": "The link works once. Press the button to sign in.",
    },
    "confirm_signin": {"sv": "Logga in", "en": "Sign in"},
    "link_refused": {"sv": "Länken fungerar inte", "en": "The link does not work"},
    "new_link": {"sv": "Be om en ny länk", "en": "Ask for a new link"},
    # items
    "ours_title": {"sv": "Våra ärenden", "en": "Our items"},
    "ours_lead": {
        "sv": "Förslag och åtgärder från {org}, i varje cykel, med vad som händer härnäst.",
        "en": "Proposals and measures from {org}, in every cycle, with what happens next.",
    },
    "ours_none": {
        "sv": "Er organisation har inga förslag ännu.",
        "en": "Your organisation has no proposals yet.",
    },
    "propose_button": {"sv": "Lämna ett nytt förslag", "en": "Propose a new measure"},
    "cycle_caption": {"sv": "{name} {year}", "en": "{name} {year}"},
    "cycle_tab": {"sv": "Cykel {year}", "en": "Cycle {year}"},
    "cycles": {"sv": "Cykler", "en": "Cycles"},
    "bodies": {"sv": "Samverkansorgan", "en": "Bodies"},
    "years": {"sv": "År", "en": "Years"},
    "id": {"sv": "Nr", "en": "No."},
    "measure": {"sv": "Åtgärd", "en": "Measure"},
    "state": {"sv": "Tillstånd", "en": "State"},
    "next": {"sv": "Vad händer härnäst", "en": "What happens next"},
    "nothing_more": {"sv": "Inget mer är planerat.", "en": "Nothing more is planned."},
    "restricted": {"sv": "Begränsad åtgärd", "en": "Restricted measure"},
    "need_to_know": {"sv": "Begränsad", "en": "Need-to-know"},
    "your_moves": {"sv": "Det här kan du göra nu", "en": "What you can do now"},
    "facts": {"sv": "Uppgifter", "en": "Details"},
    "org": {"sv": "Organisation", "en": "Organisation"},
    "proposer": {"sv": "Förslagsställare", "en": "Proposer"},
    "kind": {"sv": "Typ av åtgärd", "en": "Kind of measure"},
    "rank": {"sv": "Rang", "en": "Rank"},
    "rank_hint": {"sv": "(valfri, 1 är högst)", "en": "(optional, 1 is highest)"},
    "owner": {"sv": "Ansvarig", "en": "Owner"},
    "due": {"sv": "Klart senast", "en": "Due"},
    "date_hint": {"sv": "(ÅÅÅÅ-MM-DD)", "en": "(YYYY-MM-DD)"},
    "assessment": {"sv": "Bedömning", "en": "Assessment"},
    "assessment_achieved": {"sv": "Uppnått", "en": "Achieved"},
    "assessment_partly": {"sv": "Delvis uppnått", "en": "Partly achieved"},
    "assessment_not-achieved": {"sv": "Inte uppnått", "en": "Not achieved"},
    "restricted_to": {"sv": "Delas också med", "en": "Also shared with"},
    "carried_from": {"sv": "Överförd från", "en": "Carried from"},
    "carried_to": {"sv": "Överförd till", "en": "Carried to"},
    "description": {"sv": "Beskrivning", "en": "Description"},
    "history": {"sv": "Historik", "en": "History"},
    "when": {"sv": "Tid", "en": "When"},
    "what": {"sv": "Händelse", "en": "Event"},
    "by": {"sv": "Av", "en": "By"},
    "note": {"sv": "Kommentar", "en": "Note"},
    "reason": {"sv": "Skäl", "en": "Reason"},
    "optional": {"sv": "(valfritt)", "en": "(optional)"},
    "choose": {"sv": "Välj …", "en": "Choose …"},
    "forced": {"sv": "utanför tidsfönstret", "en": "outside its window"},
    "system": {"sv": "Årshjul (enligt cykelns kalender)", "en": "Årshjul (by the cycle calendar)"},
    "no_carry": {
        "sv": "För inte vidare till nästa cykels dialog",
        "en": "Do not carry into the next cycle's dialogue",
    },
    "moves": {"sv": "Hantera", "en": "Actions"},
    "do_prioritise": {"sv": "Prioritera", "en": "Prioritise"},
    "do_deprioritise": {"sv": "Prioritera bort", "en": "Deprioritise"},
    "do_decide": {"sv": "Besluta", "en": "Decide"},
    "do_start": {"sv": "Rapportera påbörjad", "en": "Report started"},
    "do_complete": {"sv": "Rapportera klar", "en": "Report done"},
    "do_follow_up": {"sv": "Följ upp", "en": "Follow up"},
    "do_withdraw": {"sv": "Dra tillbaka förslaget", "en": "Withdraw the proposal"},
    "do_reinstate": {"sv": "Återinsätt", "en": "Reinstate"},
    "do_cancel": {"sv": "Avbryt", "en": "Cancel"},
    "confirm_prioritise": {"sv": "Prioritera {id}", "en": "Prioritise {id}"},
    "confirm_deprioritise": {"sv": "Prioritera bort {id}", "en": "Deprioritise {id}"},
    "confirm_decide": {"sv": "Besluta {id} in i planen", "en": "Decide {id} into the plan"},
    "confirm_start": {"sv": "{id} är påbörjad", "en": "{id} has started"},
    "confirm_complete": {"sv": "{id} är klar", "en": "{id} is done"},
    "confirm_follow_up": {"sv": "Följ upp {id}", "en": "Follow up {id}"},
    "confirm_withdraw": {"sv": "Dra tillbaka {id}", "en": "Withdraw {id}"},
    "confirm_reinstate": {"sv": "Återinsätt {id}", "en": "Reinstate {id}"},
    "reinstate_hint": {
        "sv": "förslaget återgår dit det var; en kopia som redan förts till nästa cykel dras tillbaka",
        "en": "the proposal returns to where it was; a copy already carried into the next cycle is withdrawn",
    },
    "confirm_cancel": {"sv": "Avbryt åtgärden {id}", "en": "Cancel the measure {id}"},
    # proposing
    "propose_title": {"sv": "Lämna förslag till åtgärd", "en": "Propose a measure"},
    "propose_lead": {
        "sv": "Föreslå en förmågehöjande åtgärd för {org}. Förslaget går till den cykel vars dialog är öppen, eller öppnar härnäst, och ni får ett kvitto med e-post.",
        "en": "Propose a capability-raising measure for {org}. It goes to the cycle whose dialogue is open, or opens next, and you get a receipt by mail.",
    },
    "proposed_thanks": {"sv": "Tack! {placement}.", "en": "Thank you! {placement}."},
    "propose_problem": {
        "sv": "Förslaget kunde inte lämnas",
        "en": "The proposal could not be made",
    },
    "title": {"sv": "Rubrik", "en": "Title"},
    "title_hint": {
        "sv": "En rad, högst 200 tecken, som säger vad åtgärden är.",
        "en": "One line, at most 200 characters, saying what the measure is.",
    },
    "description_hint": {
        "sv": "Vad åtgärden går ut på, varför den behövs och vilka som berörs.",
        "en": "What the measure is, why it is needed and whom it concerns.",
    },
    "restricted_legend": {"sv": "Behov av att veta", "en": "Need-to-know"},
    "restricted_hint": {
        "sv": "Hanterar förslaget känslig information? Välj de organisationer som får se innehållet. Då ser bara de, {org} och FI vad det handlar om; alla andra ser bara att det finns.",
        "en": "Does the proposal handle sensitive information? Choose the organisations that may see its content. Then only they, {org} and FI see what it is about; everyone else sees only that it exists.",
    },
    "propose_submit": {"sv": "Lämna förslaget", "en": "Submit the proposal"},
    "cancel": {"sv": "Avbryt", "en": "Cancel"},
    # correcting a proposal
    "do_edit": {"sv": "Ändra förslaget", "en": "Edit the proposal"},
    "edit_heading": {"sv": "Ändra förslaget {id}", "en": "Edit proposal {id}"},
    "edit_lead": {
        "sv": "Rätta rubrik, beskrivning, typ eller behov av att veta tills förslaget prioriteras. Varje tidigare version finns kvar i historiken, och samordnarna får veta att förslaget ändrats.",
        "en": "Correct the title, description, kind or need-to-know until the proposal is prioritised. Every earlier version is kept in its history, and the coordinators are told it was edited.",
    },
    "edit_problem": {"sv": "Ändringen kunde inte sparas", "en": "The edit could not be saved"},
    "edit_reason_hint": {
        "sv": "Varför ändras förslaget? Syns i historiken och i meddelandet till samordnarna.",
        "en": "Why is it edited? Shown in its history and in the message to the coordinators.",
    },
    "edit_submit": {"sv": "Spara ändringen", "en": "Save the edit"},
    "edit_saved": {"sv": "{id} är ändrat: {fields}.", "en": "{id} is edited: {fields}."},
    "kind_exercise": {"sv": "Övning", "en": "Exercise"},
    "kind_information": {"sv": "Information", "en": "Information"},
    "kind_communication": {"sv": "Kommunikation", "en": "Communication"},
    "kind_analysis": {"sv": "Analys", "en": "Analysis"},
    "kind_other": {"sv": "Annat", "en": "Other"},
    # events in the history
    "event_submit": {"sv": "Förslag lämnat", "en": "Proposed"},
    "event_carry_in": {"sv": "Överfört från förra cykeln", "en": "Carried from the cycle before"},
    "event_prioritise": {"sv": "Prioriterat", "en": "Prioritised"},
    "event_deprioritise": {"sv": "Bortprioriterat", "en": "Deprioritised"},
    "event_decide": {"sv": "Beslutat", "en": "Decided"},
    "event_start": {"sv": "Påbörjat", "en": "Started"},
    "event_complete": {"sv": "Genomfört", "en": "Completed"},
    "event_follow_up": {"sv": "Uppföljt", "en": "Followed up"},
    "event_withdraw": {"sv": "Tillbakadraget", "en": "Withdrawn"},
    "event_reinstate": {"sv": "Återinsatt", "en": "Reinstated"},
    "event_edit": {"sv": "Ändrat", "en": "Edited"},
    "event_replan": {"sv": "Omplanerat", "en": "Replanned"},
    "event_cancel": {"sv": "Avbrutet", "en": "Cancelled"},
    "event_replan_request": {"sv": "Nytt datum begärt", "en": "New date asked for"},
    "event_replan_decline": {"sv": "Begäran avslagen", "en": "Request declined"},
    "passive_replan": {"sv": "planeras om", "en": "replanned"},
    "engine_needs_reason_replan": {
        "sv": "Skriv ett skäl: det krävs för att planera om en åtgärd.",
        "en": "Give a reason: replanning a measure needs one.",
    },
    "do_replan": {"sv": "Planera om", "en": "Replan"},
    "confirm_replan": {"sv": "Planera om {id}", "en": "Replan {id}"},
    "do_ask": {"sv": "Be om nytt datum", "en": "Ask for a new date"},
    "confirm_ask": {"sv": "Be om nytt datum för {id}", "en": "Ask for a new date of {id}"},
    "new_due": {"sv": "Nytt slutdatum", "en": "New due date"},
    "new_owner": {"sv": "Ny ägare", "en": "New owner"},
    "unchanged": {"sv": "Oförändrad", "en": "Unchanged"},
    "requests_title": {"sv": "Begäranden om nytt datum", "en": "Requests for a new date"},
    "answer_note": {
        "sv": "Kommentar (krävs för avslag)",
        "en": "Note (required to decline)",
    },
    "confirm_accept": {"sv": "Bevilja {due} för {id}", "en": "Accept {due} for {id}"},
    "confirm_decline": {"sv": "Avslå", "en": "Decline"},
    "request_pending": {
        "sv": "Du har bett om nytt datum ({due}); samordnarna svarar.",
        "en": "You asked for a new date ({due}); the coordinators answer.",
    },
    "web_replanned": {"sv": "{id} är omplanerad.", "en": "{id} is replanned."},
    "web_asked": {
        "sv": "Din begäran för {id} är skickad till samordnarna.",
        "en": "Your request for {id} is sent to the coordinators.",
    },
    "web_accepted": {"sv": "Begäran för {id} beviljad.", "en": "The request for {id} is accepted."},
    "web_declined": {"sv": "Begäran för {id} avslagen.", "en": "The request for {id} is declined."},
    "event_import": {"sv": "Importerat ur planen", "en": "Imported from the plan"},
    "event_coordinated": {
        "sv": "Samordnat med ett annat samverkansorgan",
        "en": "Coordinated with another body",
    },
    "event_record": {
        "sv": "Ägare och datum bokförda i historiken",
        "en": "Owner and date recorded in the history",
    },
    "event_handover": {"sv": "Överlämnat till ny ägare", "en": "Handed over to a new owner"},
    # measures
    "measures_title": {"sv": "Mina åtgärder", "en": "My measures"},
    "measures_lead": {
        "sv": "Åtgärderna du är ansvarig för, de försenade först. Rapportera när en åtgärd är påbörjad och när den är klar; FI och förslagsställaren får besked.",
        "en": "The measures you own, overdue ones first. Report when a measure has started and when it is done; FI and the proposer are told.",
    },
    "measures_none": {"sv": "Du är inte ansvarig för någon åtgärd.", "en": "You own no measures."},
    "measures_caption": {"sv": "Åtgärder, {today}", "en": "Measures, {today}"},
    "report": {"sv": "Rapportera", "en": "Report"},
    "late_days": {"sv": "försenad {days} dagar", "en": "{days} days overdue"},
    "followup_request_head": {
        "sv": "Uppföljning av {name} {year}",
        "en": "Follow-up of {name} {year}",
    },
    "followup_request": {
        "sv": "Finansinspektionen följer upp verksamhetsplanen. Rapportera läget för {ids} senast {closes}: markera det som är klart som klart; det som pågår följs upp som pågående.",
        "en": "Finansinspektionen follows up the plan. Report where {ids} stand by {closes}: mark what is done as done; what is still going on is followed up as ongoing.",
    },
    "followup_reported": {
        "sv": "Tack! Alla era åtgärder är rapporterade som klara; FI följer upp dem.",
        "en": "Thank you! All your measures are reported done; FI follows them up.",
    },
    # the board
    "board_title": {"sv": "Cykeltavla {year}", "en": "Cycle board {year}"},
    "board_lead": {
        "sv": "Cykelns ärenden efter tillstånd. Prioritera, prioritera bort och besluta direkt från tavlan; allt sparas i historiken med dig som ansvarig, och de berörda får e-post.",
        "en": "The cycle's items by state. Prioritise, deprioritise and decide from the board; everything is kept in the history with you as actor, and those concerned get mail.",
    },
    "phases_caption": {"sv": "Alla faser i {name} {year}", "en": "All phases of {name} {year}"},
    "phase": {"sv": "Fas", "en": "Phase"},
    "opens": {"sv": "Öppnar", "en": "Opens"},
    "closes": {"sv": "Stänger", "en": "Closes"},
    "now": {"sv": "pågår nu", "en": "now"},
    "by_state": {"sv": "Antal efter tillstånd", "en": "Count by state"},
    "count": {"sv": "{count} st.", "en": "{count}"},
    "board_empty": {
        "sv": "Cykel {year} har inga ärenden ännu.",
        "en": "Cycle {year} has no items yet.",
    },
    "phase_now": {
        "sv": "Nu pågår {phase}, {opens} – {closes}.",
        "en": "Now: {phase}, {opens} – {closes}.",
    },
    "phase_none": {
        "sv": "Ingen av cykelns faser pågår just nu.",
        "en": "None of the cycle's phases is under way now.",
    },
    "column_proposed": {"sv": "Föreslagna", "en": "Proposed"},
    "column_prioritised": {"sv": "Prioriterade", "en": "Prioritised"},
    "column_decided": {"sv": "Beslutade", "en": "Decided"},
    "column_in_progress": {"sv": "Pågående", "en": "In progress"},
    "column_executed": {"sv": "Genomförda", "en": "Executed"},
    "column_followed_up": {"sv": "Uppföljda", "en": "Followed up"},
    "column_deprioritised": {"sv": "Bortprioriterade", "en": "Deprioritised"},
    "column_withdrawn": {"sv": "Tillbakadragna", "en": "Withdrawn"},
    "column_cancelled": {"sv": "Avbrutna", "en": "Cancelled"},
    # reports
    "reports_title": {"sv": "Rapporter", "en": "Reports"},
    "reports_lead": {
        "sv": "Verksamhetsplanen och verksamhetsberättelsen att ladda ner. Begränsade åtgärder visas bara för dem som får se dem.",
        "en": "The plan and the year-end follow-up to download. Restricted measures are shown only to those who may see them.",
    },
    "report_plan": {"sv": "Verksamhetsplan {name} {year}", "en": "Plan {name} {year}"},
    "report_followup": {
        "sv": "Verksamhetsberättelse {name} {year}",
        "en": "Year-end follow-up {name} {year}",
    },
    "report_not_yet": {
        "sv": "Planen för {year} beslutas {day}. Då kan du ladda ner den här.",
        "en": "The plan for {year} is decided on {day}. You can download it here then.",
    },
    "report_plan_what": {
        "sv": "Beslutade åtgärder med ansvar, kvartal och beräknat klart, möteskalendern och de bortprioriterade förslagen med skäl.",
        "en": "Decided measures with owner, quarters and planned completion, the meeting calendar and the proposals left out with their reasons.",
    },
    "report_followup_what": {
        "sv": "Varje åtgärds utfall (klar i tid, sen, inte klar), bedömningar och vad som förs vidare.",
        "en": "Each measure's outcome (done on time, late, not done), the assessments and what carries over.",
    },
    "report_mine": {"sv": "Ärenden från {org}", "en": "Items from {org}"},
    "report_mine_what": {
        "sv": "Er organisations ärenden i alla cykler, med historik.",
        "en": "Your organisation's items in every cycle, with their history.",
    },
    "format_md": {"sv": "Markdown", "en": "Markdown"},
    "format_html": {"sv": "Webbsida (HTML)", "en": "Web page (HTML)"},
    "format_csv": {"sv": "CSV", "en": "CSV"},
    "format_xlsx": {"sv": "Excel (XLSX)", "en": "Excel (XLSX)"},
    # the calendar
    "calendar_title": {"sv": "Möteskalender {year}", "en": "Meeting calendar {year}"},
    "calendar_lead": {
        "sv": "Mötena i {name} under året som är öppna för alla eller dit din organisation, du eller din arbetsgrupp är inbjudna. De du är inbjuden till är markerade.",
        "en": "The meetings of {name} in the year that are open to all, or to which your organisation, you or your working group are invited. Those you are invited to are marked.",
    },
    "calendar_caption": {"sv": "Möten i {name} {year}", "en": "Meetings of {name} {year}"},
    "calendar_none": {
        "sv": "Inga möten inlagda för {year} ännu.",
        "en": "No meetings for {year} yet.",
    },
    "day": {"sv": "Dag", "en": "Day"},
    "time": {"sv": "Tid", "en": "Time"},
    "meeting": {"sv": "Möte", "en": "Meeting"},
    "place": {"sv": "Plats", "en": "Place"},
    "cancelled": {"sv": "Inställt", "en": "Cancelled"},
    "invited": {"sv": "Du är inbjuden", "en": "You are invited"},
    "feed_title": {"sv": "Prenumerera i din kalender", "en": "Subscribe in your calendar"},
    "feed_lead": {
        "sv": "Lägg till den här adressen som kalenderprenumeration (Outlook: Lägg till kalender → Från internet). Mötena du är inbjuden till kommer in av sig själva, och flyttade eller inställda möten uppdateras.",
        "en": "Add this address as a calendar subscription (Outlook: Add calendar → From internet). The meetings you are invited to come in by themselves, and moved or cancelled ones are updated.",
    },
    "feed_private": {
        "sv": "Adressen är personlig: den som har den ser dina möten. Har den kommit i fel händer, skapa en ny; den gamla slutar då att fungera.",
        "en": "The address is personal: whoever has it sees your meetings. If it has reached the wrong hands, make a new one; the old one then stops working.",
    },
    "feed_renew": {"sv": "Skapa en ny adress", "en": "Make a new address"},
    "feed_renewed": {
        "sv": "Du har en ny prenumerationsadress; den gamla fungerar inte längre.",
        "en": "You have a new subscription address; the old one no longer works.",
    },
    "calendar_download_title": {"sv": "Ladda ner kalendern", "en": "Download the calendar"},
    "calendar_download_lead": {
        "sv": "Mötena ovan, {year}, som en fil att öppna i ett kalenderprogram.",
        "en": "The meetings above, {year}, as a file to open in a calendar program.",
    },
    "calendar_download": {
        "sv": "Möteskalender {year} (.ics)",
        "en": "Meeting calendar {year} (.ics)",
    },
    # the engine's refusals, as the page says them
    "engine_outside_window": {
        "sv": "{id} kan inte {verb} nu: det går {window} (cykel {cycle}), och nu är det {now}. Behöver det göras ändå, kontakta FI:s samordnare.",
        "en": "{id} cannot be {verb} now: that is possible {window} (cycle {cycle}), and it is now {now}. If it must be done all the same, contact FI's coordinators.",
    },
    "engine_needs_reason": {
        "sv": "Skriv ett skäl: det krävs för att prioritera bort ett förslag.",
        "en": "Give a reason: deprioritising a proposal needs one.",
    },
    "engine_needs_reason_reinstate": {
        "sv": "Skriv ett skäl: det krävs för att återinsätta ett förslag.",
        "en": "Give a reason: reinstating a proposal needs one.",
    },
    "engine_needs_reason_cancel": {
        "sv": "Skriv ett skäl: det krävs för att avbryta en åtgärd.",
        "en": "Give a reason: cancelling a measure needs one.",
    },
    "engine_needs_owner_due": {
        "sv": "Välj vem som ansvarar för åtgärden och när den ska vara klar.",
        "en": "Choose who owns the measure and when it is due.",
    },
    "engine_needs_assessment": {"sv": "Välj en bedömning.", "en": "Choose an assessment."},
    "engine_empty": {"sv": "{field} måste fyllas i.", "en": "{field} must be filled in."},
    "engine_too_long": {
        "sv": "{field} har {length} tecken; det får vara högst {limit}.",
        "en": "{field} has {length} characters; at most {limit} are allowed.",
    },
    "engine_one_line": {"sv": "{field} ska vara en enda rad.", "en": "{field} must be one line."},
    "engine_control_chars": {
        "sv": "{field} innehåller osynliga styrtecken; skriv om texten.",
        "en": "{field} contains invisible control characters; type the text again.",
    },
    "engine_invisible_char": {
        "sv": "{field} innehåller det osynliga tecknet {char} på plats {position}; ta bort det.",
        "en": "{field} contains the invisible character {char} at position {position}; remove it.",
    },
    "engine_nothing_visible": {
        "sv": "{field} har inget synligt tecken.",
        "en": "{field} has no visible character.",
    },
    "field_title": {"sv": "Rubriken", "en": "The title"},
    "field_description": {"sv": "Beskrivningen", "en": "The description"},
    "field_note": {"sv": "Kommentaren", "en": "The note"},
    "passive_prioritise": {"sv": "prioriteras", "en": "prioritised"},
    "passive_deprioritise": {"sv": "prioriteras bort", "en": "deprioritised"},
    "passive_decide": {"sv": "beslutas", "en": "decided"},
    "passive_start": {"sv": "rapporteras påbörjad", "en": "reported started"},
    "passive_complete": {"sv": "rapporteras klar", "en": "reported done"},
    "passive_follow_up": {"sv": "följas upp", "en": "followed up"},
    "passive_withdraw": {"sv": "dras tillbaka", "en": "withdrawn"},
    "passive_reinstate": {"sv": "återinsättas", "en": "reinstated"},
    "passive_cancel": {"sv": "avbrytas", "en": "cancelled"},
    # the overlap view
    "nav_overlap": {"sv": "Överlapp", "en": "Overlaps"},
    "overlap_title": {"sv": "Möjliga överlapp {year}", "en": "Possible overlaps {year}"},
    "overlap_lead": {
        "sv": "Ärenden i olika samverkansorgan som kan vara samma arbete, troligast först, med varför. Markera ett par som samordnat när organen har kommit överens: det visas då inte längre, och båda ärendenas historik berättar om det.",
        "en": "Items of different bodies that may be the same work, likeliest first, each with why. Mark a pair as coordinated when the bodies have agreed: it is shown no more, and both items' histories tell of it.",
    },
    "overlap_none": {
        "sv": "Inga möjliga överlapp i {year} bland de ärenden du ser.",
        "en": "No possible overlaps in {year} among the items you see.",
    },
    "overlap_show_all": {"sv": "Visa även samordnade par", "en": "Show coordinated pairs too"},
    "overlap_show_open": {
        "sv": "Visa bara par som inte är samordnade",
        "en": "Show only pairs not coordinated",
    },
    "overlap_match": {"sv": "Träff {percent} %", "en": "Match {percent} %"},
    "overlap_why": {"sv": "Varför", "en": "Why"},
    "overlap_done": {"sv": "Samordnat", "en": "Coordinated"},
    "overlap_mark": {"sv": "Markera som samordnat", "en": "Mark as coordinated"},
    "overlap_note": {"sv": "Hur det samordnas", "en": "How it is coordinated"},
    "overlap_confirm": {
        "sv": "Markera {a} och {b} som samordnade",
        "en": "Mark {a} and {b} coordinated",
    },
    # errors
    "error_400": {"sv": "Det gick inte", "en": "That did not work"},
    "error_400_text": {
        "sv": "Förfrågan kunde inte behandlas. Gå tillbaka och försök igen.",
        "en": "The request could not be handled. Go back and try again.",
    },
    "error_403": {"sv": "Inte för dig", "en": "Not for you"},
    "error_404": {"sv": "Sidan finns inte", "en": "Page not found"},
    "error_404_text": {
        "sv": "Det finns ingen sida på den adressen.",
        "en": "There is no page at this address.",
    },
    "error_405": {"sv": "Det gick inte", "en": "That did not work"},
    "error_405_text": {
        "sv": "Sidan kan inte användas på det sättet.",
        "en": "The page cannot be used that way.",
    },
    "error_409": {"sv": "Någon hann före", "en": "Somebody was first"},
    "error_413": {"sv": "För mycket text", "en": "Too much text"},
    "error_413_text": {
        "sv": "Formuläret innehöll mer än sidan tar emot. Korta texten och försök igen.",
        "en": "The form held more than the page accepts. Shorten the text and try again.",
    },
    "error_429": {"sv": "Vänta en stund", "en": "Please wait"},
    "error_503": {"sv": "Tjänsten är inte tillgänglig", "en": "The service is unavailable"},
    "error_500": {"sv": "Något gick fel", "en": "Something went wrong"},
    "error_500_text": {
        "sv": "Något gick fel hos oss. Ingenting ändrades. Försök igen om en stund; kvarstår felet, kontakta FI:s samordnare.",
        "en": "Something went wrong on our side. Nothing was changed. Try again in a while; if it persists, contact FI's coordinators.",
    },
    "csrf_refused": {
        "sv": "Formuläret kunde inte skickas eftersom det saknade sin säkerhetskod (eller sidan var för gammal). Ingenting ändrades. Ladda om sidan och försök igen.",
        "en": "The form could not be sent because it lacked its security code (or the page was too old). Nothing was changed. Reload the page and try again.",
    },
    "role_refused": {
        "sv": "Den här sidan är för FI:s samordnare och beslutsfattare, eller för en annan roll än din.",
        "en": "This page is for FI's coordinators and deciders, or for another role than yours.",
    },
}


def w(key: str, /, **params: object) -> str:
    """The page's text `key` in the language in force."""
    return TEXTS[key][language()].format(**params)


def event_name(event: str) -> str:
    return w(f"event_{event}")


def kind_name(kind: str) -> str:
    return w(f"kind_{kind}")
