package kz.qaqpa.trust;

import java.time.DateTimeException;
import java.time.LocalDate;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Kazakh ИИН/БИН: 12 digits, the last one a check digit. For an IIN the first six digits are the birth date (YYMMDD)
 * and the seventh gives century and gender (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male).
 */
public final class IdentificationNumber {
    private static final int[] FIRST_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

    public enum Gender { MALE, FEMALE }

    private IdentificationNumber() {
    }

    /** Format and check digit only; works for IINs and BINs alike. */
    public static boolean isValid(String number) {
        if (number == null || !number.matches("\\d{12}")) {
            return false;
        }
        int check = weightedSum(number, FIRST_WEIGHTS) % 11;
        if (check == 10) {
            check = weightedSum(number, SECOND_WEIGHTS) % 11;
        }
        return check != 10 && check == digit(number, 11);
    }

    /**
     * A person's ИИН: a valid number whose birth date, where its seventh digit names the century (1 to 6), is a day
     * that exists (not February 29 of a common year, no month 13). Other seventh digits are left to the issuer.
     */
    public static boolean isValidIin(String iin) {
        if (!isValid(iin)) {
            return false;
        }
        int centuryDigit = digit(iin, 6);
        if (centuryDigit < 1 || centuryDigit > 6) {
            return true;
        }
        try {
            birthDate(iin);
            return true;
        } catch (ShepException e) {
            return false;
        }
    }

    /** Whether a valid number's seventh digit names a century (1 to 6), so that it encodes a birth date. */
    public static boolean namesBirthDate(String iin) {
        if (!isValid(iin)) {
            return false;
        }
        int centuryDigit = digit(iin, 6);
        return centuryDigit >= 1 && centuryDigit <= 6;
    }

    /** Throws SCE021 when the number is not a valid IIN or has no birth date encoded. */
    public static LocalDate birthDate(String iin) {
        requireValid(iin);
        int century = switch (digit(iin, 6)) {
            case 1, 2 -> 1800;
            case 3, 4 -> 1900;
            case 5, 6 -> 2000;
            default -> throw new ShepException(FaultCode.INVALID_IIN,
                    "IIN " + iin + " has century digit " + digit(iin, 6) + "; expected 1 to 6");
        };
        try {
            return LocalDate.of(century + Integer.parseInt(iin.substring(0, 2)),
                    Integer.parseInt(iin.substring(2, 4)), Integer.parseInt(iin.substring(4, 6)));
        } catch (DateTimeException e) {
            throw new ShepException(FaultCode.INVALID_IIN, "IIN " + iin + " does not start with a valid birth date (YYMMDD)", e);
        }
    }

    public static Gender gender(String iin) {
        birthDate(iin); // the same checks: a valid IIN with a century digit 1-6
        return digit(iin, 6) % 2 == 1 ? Gender.MALE : Gender.FEMALE;
    }

    public static void requireValid(String number) {
        if (!isValid(number)) {
            throw new ShepException(FaultCode.INVALID_IIN, "'" + number + "' is not a valid IIN/BIN: 12 digits with a correct check digit are required");
        }
    }

    private static int weightedSum(String number, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += digit(number, i) * weights[i];
        }
        return sum;
    }

    private static int digit(String number, int index) {
        return number.charAt(index) - '0';
    }
}
