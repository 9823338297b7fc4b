package io.portico.cli.resources;

import io.portico.cli.output.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code -o table|yaml|json}, naming the accepted values when the value is bad. */
public final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
  @Override
  public OutputFormat convert(String value) {
    try {
      return OutputFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
