package io.onewindow.evaluator;

/**
 * The states of a follow-up case of a 差评 (DESIGN.md):
 * <pre>
 *  OPEN ──verify──▶ VERIFIED ──rectify──▶ RECTIFIED ──callback──▶ CALLED_BACK ──close──▶ CLOSED
 *    │                 ▲  └─extend (reason)─┘
 *    └──appeal──▶ APPEALED ──reject──┘
 *                    └──approve──▶ CLOSED (差评无效: the rating stays as it was, flagged by its case)
 * </pre>
 */
public enum CaseState {
    OPEN,
    VERIFIED,
    APPEALED,
    RECTIFIED,
    CALLED_BACK,
    CLOSED
}
