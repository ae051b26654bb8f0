/**
 * Immutable description of a character for the combat model: stats, resources, spells, auras, procs and the priority
 * list, validated on construction of a {@link io.concurrengine.model.combat.spec.CombatSpec} with errors that name
 * the key by its path in the spec file's schema ({@code spells[2].applies_aura}). Built by the tools' TOML loader or
 * by hand with the builders; no file access here.
 */
package io.concurrengine.model.combat.spec;
