package io.onewindow.evaluator;

import java.util.Locale;

/** What a manager does to a follow-up case, as the path of {@code POST /api/v1/cases/{id}/{action}} names it. */
public enum CaseAction {
    /** 核实: the complaint was looked into. OPEN -> VERIFIED. */
    VERIFY,
    /** 差评无效申请: the window asks that the rating be judged invalid. OPEN -> APPEALED. */
    APPEAL,
    /** A manager upholds the appeal. APPEALED -> CLOSED. */
    APPROVE,
    /** A manager rejects the appeal: the case goes on. APPEALED -> VERIFIED. */
    REJECT,
    /** 整改 is given more working days; needs a reason. VERIFIED -> VERIFIED. */
    EXTEND,
    /** 整改 done. VERIFIED -> RECTIFIED. */
    RECTIFY,
    /** 回访: the citizen was called back, with their satisfaction with the fix. RECTIFIED -> CALLED_BACK. */
    CALLBACK,
    /** CALLED_BACK -> CLOSED. */
    CLOSE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named in a path, or null. */
    public static CaseAction parse(String s) {
        for (CaseAction a : values()) {
            if (a.wireName().equals(s)) {
                return a;
            }
        }
        return null;
    }
}
