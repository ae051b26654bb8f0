package io.concurrengine.model.combat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CombatEventsTest
{
    @Test
    void shouldNameEveryTypeAsTheSeedDoesAndAnyOtherAsUnknown()
    {
        final List<String> names = new ArrayList<>();
        for (int type = -1; type <= CombatEvents.TYPE_COUNT; type++)
        {
            names.add(CombatEvents.name(type));
        }

        assertEquals(List.of("Unknown(-1)", "PlayerReady", "OffGcdReady", "CastStart", "CastComplete",
            "CooldownReady", "AuraTick", "AuraExpire", "AutoAttack", "Unknown(8)"), names);
    }
}
