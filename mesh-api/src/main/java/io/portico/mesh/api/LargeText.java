package io.portico.mesh.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field that holds data rather than a name or a setting (a certificate, a key, a
 * secret's bytes, an Envoy resource): it may be as long as the request body allows, where other
 * texts are held to {@code ResourceCodec.MAX_TEXT_LENGTH} characters.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.METHOD
})
public @interface LargeText {}
