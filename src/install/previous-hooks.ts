// Texts of hooks/pre-commit that released versions of mighook installed. A
// hook installed from one of them is still mighook's own (its two recorded
// paths aside), so install replaces it and uninstall removes it; anything
// else that bears the marker was edited by someone, and mighook leaves it
// alone. When hooks/pre-commit changes after a release, add the released text
// here. None yet: 0.1.0 is the first release.
export const PREVIOUS_TEMPLATES: readonly string[] = [];
