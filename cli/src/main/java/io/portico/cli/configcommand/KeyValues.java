package io.portico.cli.configcommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code key=value} flags ({@code --headers}, {@code --auth-conf}). As with kumactl's
 * string-to-string flags, one flag may hold several pairs separated by commas.
 */
final class KeyValues {
  private KeyValues() {}

  /**
   * @throws IllegalArgumentException naming the flag and the value that is not {@code key=value}
   */
  static Map<String, String> parse(String flag, List<String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String value : values) {
      String[] parts = value.split(",", -1);
      boolean allPairs = true;
      for (String part : parts) {
        allPairs &= part.indexOf('=') > 0;
      }
      for (String pair : allPairs ? parts : new String[] {value}) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(flag + " \"" + pair + "\": expected key=value");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return out;
  }
}
