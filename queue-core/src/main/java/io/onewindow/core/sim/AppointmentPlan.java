package io.onewindow.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onewindow.core.AppointmentRules;
import io.onewindow.core.HallDefinition;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Appointments in a simulated run (the config's optional {@code "appointments"}). Immutable.
 *
 * <pre>{"perSlot":{"A":4},"slotMinutes":30,"fill":0.9,"spreadMinutes":10,"noShowRate":0.1}</pre>
 * Before the run, every place of every slot that starts inside it is booked with probability {@code fill},
 * each by another person, through the dispatcher's real booking; a booked citizen does not come with
 * probability {@code noShowRate}, else arrives at the slot's start plus a normal deviation of
 * {@code spreadMinutes} (kept within the hall's check-in window) and checks in at the kiosk: an APPOINTMENT
 * ticket, or a NORMAL one when later than checkInLateMinutes. The hall's own check-in rules apply when it has
 * them, else API.md's defaults. Defaults: slotMinutes the hall's (or 30), fill 1, spreadMinutes 10, noShowRate
 * 0.1.
 */
public record AppointmentPlan(Map<String, Integer> perSlot, int slotMinutes, double fill, double spreadMinutes,
                              double noShowRate) {

    private static final Set<String> FIELDS = Set.of("perSlot", "slotMinutes", "fill", "spreadMinutes",
            "noShowRate");

    public AppointmentPlan {
        perSlot = Map.copyOf(perSlot);
        if (perSlot.isEmpty() || slotMinutes < 5 || !(fill >= 0) || fill > 1 || !(spreadMinutes >= 0)
                || !(noShowRate >= 0) || noShowRate > 1) {
            throw new IllegalArgumentException("appointments out of range: " + this);
        }
    }

    static AppointmentPlan fromJson(JsonNode n, HallDefinition hall) {
        if (n == null || n.isNull()) {
            return null;
        }
        ObjectNode a = ConfigFields.object(n, "appointments");
        ConfigFields.unknownFields(a, FIELDS, "appointments.");
        ObjectNode ps = ConfigFields.object(ConfigFields.require(a, "perSlot", "appointments."),
                "appointments.perSlot");
        Map<String, Integer> perSlot = new HashMap<>();
        for (Iterator<String> it = ps.fieldNames(); it.hasNext();) {
            String code = it.next();
            if (hall.categoryIndex(code) < 0) {
                throw new InvalidSimulationConfigException("appointments.perSlot." + code, "the hall has no category "
                        + code);
            }
            perSlot.put(code, (int) ConfigFields.whole(ps, code, "appointments.perSlot.", 0, 0, 1000));
        }
        if (perSlot.isEmpty()) {
            throw new InvalidSimulationConfigException("appointments.perSlot", "must name at least one category");
        }
        int dfltSlot = hall.appointments() == null ? 30 : hall.appointments().slotMinutes();
        return new AppointmentPlan(perSlot, (int) ConfigFields.whole(a, "slotMinutes", "appointments.", dfltSlot, 5,
                24 * 60), ConfigFields.number(a, "fill", "appointments.", 1.0, 0, false, 1),
                ConfigFields.number(a, "spreadMinutes", "appointments.", 10.0, 0, false, 240),
                ConfigFields.number(a, "noShowRate", "appointments.", 0.1, 0, false, 1));
    }

    /** The hall as simulated: its rules with this plan's quotas and slots, booking open for the whole run. */
    HallDefinition hallFor(HallDefinition hall) {
        AppointmentRules own = hall.appointments();
        int early = own == null ? 30 : own.checkInEarlyMinutes();
        int late = own == null ? 15 : own.checkInLateMinutes();
        AppointmentRules rules = new AppointmentRules(slotMinutes, 366, 0, perSlot, early, late, 0, 0, 1000, 1000,
                1000, 1, 0);
        return new HallDefinition(hall.id(), hall.name(), hall.zone(), hall.open(), hall.close(),
                hall.maxWaitMinutes(), hall.priorityRatio(), hall.recallLimit(), hall.reinstateAfter(),
                hall.categories(), hall.windows(), hall.calendar(), rules);
    }
}
