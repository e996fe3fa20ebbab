"""Every audited result and survey figure the seed report prints, read off the report by hand.

Source: shared/seed/000_440047dec6ca2f53.txt (beside the repository), HMICFRS PEEL 2025-27 inspection of
Northamptonshire Police. Kept apart from the shipped YAML so a test can catch the YAML drifting.
"""

AUDIT = {
    # powers
    "stop_search_records.reasonable_grounds": (67, 68),  # 2024-09..2025-08; 180 of 202 in 2022
    "stop_search_records.reasonable_grounds_ethnic_minority": (18, 19),
    "body_worn_video.supervisor_reviewed": (20, 20),
    "body_worn_video.learning_fed_back": (10, 20),
    "body_worn_video.ethnicity_asked": (2, 20),  # "didn't ask ... in 18 of these encounters"
    "body_worn_video.use_of_force_form": (10, 14),
    "body_worn_video.child_safeguarding_referral": (5, 5),
    # prevention
    "antisocial_behaviour.personal_category_correct": (41, 60),
    "antisocial_behaviour.crime_recorded": (16, 22),
    "antisocial_behaviour.powers_considered": (12, 20),
    # response
    "call_handling.evidence_advice": (27, 31),
    "call_handling.prevention_advice": (32, 39),
    "call_handling.safeguarding_advice": (32, 38),
    "call_handling.structured_triage": (41, 46),
    "call_handling.repeat_victim_check": (56, 62),
    "call_handling.vulnerability_check": (57, 65),
    "call_handling.risk_assessed": (36, 40),
    "call_handling.priority_appropriate": (70, 74),
    "call_handling.vulnerability_recorded": (31, 40),
    "response.attended_on_time": (41, 56),
    "response.victim_told_of_delay": (15, 19),
    "response.incident_supervised": (36, 44),
    "response.rethrive_effective": (19, 31),
    # investigation
    "investigation.plan_completed": (56, 59),
    "investigation.plan_followed": (49, 56),
    "investigation.supervised": (62, 78),
    "investigation.opportunities_taken": (66, 85),
    "investigation.effective": (61, 82),
    "investigation.no_digital_delay": (11, 12),
    "victim_care.contract_recorded": (57, 66),
    "victim_care.contract_kept": (51, 57),
    "victim_care.personal_statement": (9, 21),
    "victim_care.told_outcome": (68, 74),
    "victim_care.views_recorded": (20, 35),
    "suspect_management.checks_done": (53, 56),
    "suspect_management.arrested_or_interviewed": (26, 43),
    "suspect_management.at_first_opportunity": (22, 26),
    "suspect_management.rationale_recorded": (12, 17),
    # safeguarding
    "missing_persons.risk_grade_right": (13, 13),
    "missing_persons.attended_in_time": (10, 14),
    "missing_persons.search_thorough": (11, 12),
    "missing_persons.social_care_told": (12, 15),
    "crime_recording.vulnerable_person_referral": (38, 41),
    "crime_recording.domestic_abuse": (24, 28),
    "crime_recording.rape_report": (2, 2),
    "crime_recording.rape_cancellation": (16, 16),
    "safeguarding.advice_given": (52, 57),
    "safeguarding.voice_of_child": (10, 10),
    "safeguarding.risk_assessed": (34, 40),
    "safeguarding.partner_referral": (30, 33),
    "safeguarding.marac_referral": (1, 7),
    "safeguarding.information_shared": (13, 17),
    "safeguarding.orders_considered": (12, 15),
    # fraud and custody
    "fraud.investigation_model_used": (15, 17),
    "custody.use_of_force_form_received": (75, 84),
    "custody.search_grounds_recorded": (24, 27),  # 7 strip searches + 20 removals, all but three
}
# reported only as failures, without the number audited
AUDIT_FAILURES_ONLY = {"custody.mental_health_reviews_done": 2}

# statement id: (agreeing, answered, percentage printed)
SURVEY = {
    "workforce.overtime_used": (318, 472, 67.4),
    "workforce.intends_to_leave": (98, 409, 23.9),
    "workforce.stays_beyond_three_years": (187, 409, 45.7),
    "workforce.manager_builds_trust": (407, 472, 86.2),
    "workforce.manager_inclusive": (416, 472, 88.1),
    "workforce.manager_challenges_discrimination": (426, 472, 90.3),
    "prevention.neighbourhood_abstracted_monthly": (23, 54, None),
    "response.risk_information_received": (116, 136, 87.5),
    "investigation.allocated_beyond_accreditation": (66, 117, 56.4),
    "investigation.feedback_at_least_quarterly": (64, 119, 53.8),
    "investigation.feedback_never": (32, 119, 26.9),
    "investigation.line_manager_trained": (106, 153, 69.3),
    "investigation.leadership_development": (74, 153, 48.4),
    "fraud.not_trained": (49, 70, None),
}
# the printed percentage disagrees with the report's own counts
SURVEY_MISPRINTS = {"workforce.intends_to_leave", "response.risk_information_received"}
RESPONSES, HEADCOUNT = 472, 2793
ROLE_GROUPS = {"neighbourhood": 54, "fraud": 70, "line_manager": 153, "investigator": 119, "public_facing": 136}
