package org.gerenb.eval;

import static org.gerenb.eval.SubjectCategories.HUMANITIES;
import static org.gerenb.eval.SubjectCategories.OTHER;
import static org.gerenb.eval.SubjectCategories.SOCIAL_SCIENCES;
import static org.gerenb.eval.SubjectCategories.STEM;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MMLU paper's grouping of its 57 subjects. Its code maps each subject to a subcategory and each
 * subcategory to a category; the comments name the subcategories that lead to each category.
 */
final class StandardMmluSubjects {
    private StandardMmluSubjects() {
    }

    static Map<String, String> categoryBySubject() {
        Map<String, String> map = new HashMap<>();
        // math, physics, chemistry, biology, computer science, engineering
        put(map, STEM, "abstract_algebra", "astronomy", "college_biology", "college_chemistry",
                "college_computer_science", "college_mathematics", "college_physics", "computer_security",
                "conceptual_physics", "electrical_engineering", "elementary_mathematics", "high_school_biology",
                "high_school_chemistry", "high_school_computer_science", "high_school_mathematics",
                "high_school_physics", "high_school_statistics", "machine_learning");
        // history, philosophy, law
        put(map, HUMANITIES, "formal_logic", "high_school_european_history", "high_school_us_history",
                "high_school_world_history", "international_law", "jurisprudence", "logical_fallacies",
                "moral_disputes", "moral_scenarios", "philosophy", "prehistory", "professional_law",
                "world_religions");
        // economics, geography, politics, psychology, culture
        put(map, SOCIAL_SCIENCES, "econometrics", "high_school_geography", "high_school_government_and_politics",
                "high_school_macroeconomics", "high_school_microeconomics", "high_school_psychology",
                "human_sexuality", "professional_psychology", "public_relations", "security_studies", "sociology",
                "us_foreign_policy");
        // health, business, other
        put(map, OTHER, "anatomy", "business_ethics", "clinical_knowledge", "college_medicine", "global_facts",
                "human_aging", "management", "marketing", "medical_genetics", "miscellaneous", "nutrition",
                "professional_accounting", "professional_medicine", "virology");
        return map;
    }

    private static void put(Map<String, String> map, String category, String... subjects) {
        List.of(subjects).forEach(subject -> map.put(subject, category));
    }
}
