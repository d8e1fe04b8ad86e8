package io.onewindow.core;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;

/**
 * Reading a resident ID number (居民身份证号码, GB 11643): 18 characters, the birth date in characters 7 to 14,
 * and an ISO 7064 MOD 11-2 check character. Immutable (static). Nothing here keeps or logs the number.
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** The age at or above which a citizen gets the green channel. */
    public static final int GREEN_CHANNEL_AGE = 60;

    private IdNumbers() {
    }

    /** The birth date of a valid ID number, or null when the number is not valid. */
    public static LocalDate birthDate(String idNumber) {
        if (idNumber == null || idNumber.length() != 18) {
            return null;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char ch = idNumber.charAt(i);
            if (ch < '0' || ch > '9') {
                return null;
            }
            sum += (ch - '0') * WEIGHTS[i];
        }
        char last = Character.toUpperCase(idNumber.charAt(17));
        if (last != CHECK[sum % 11]) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(idNumber.substring(6, 10)),
                    Integer.parseInt(idNumber.substring(10, 12)), Integer.parseInt(idNumber.substring(12, 14)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The age in whole years on {@code today} of someone born on {@code birth}. */
    public static int age(LocalDate birth, LocalDate today) {
        return Period.between(birth, today).getYears();
    }

    /** Completes 17 digits with their check character: for tests and demo data. */
    public static String withCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK[sum % 11];
    }
}
