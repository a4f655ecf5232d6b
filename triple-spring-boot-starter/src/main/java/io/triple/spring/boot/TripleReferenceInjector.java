package io.triple.spring.boot;

import io.triple.bootstrap.Dubbo;
import io.triple.config.RootConfig;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Sets {@link TripleReference} fields before the bean's own initialization: a generated client
 * ({@code XxxClient.create(channel)}) over {@link Dubbo#channel(String)}, or an interface proxy
 * from {@link Dubbo#reference(String, Class)}. Channels are shared per reference and closed with
 * the {@link Dubbo} bean.
 */
final class TripleReferenceInjector implements InstantiationAwareBeanPostProcessor, PriorityOrdered {
  private final ObjectProvider<Dubbo> dubbo;
  private final ObjectProvider<RootConfig> config;
  private final ObjectProvider<AnnotatedReferences> references;

  TripleReferenceInjector(ObjectProvider<Dubbo> dubbo, ObjectProvider<RootConfig> config,
      ObjectProvider<AnnotatedReferences> references) {
    this.dubbo = dubbo;
    this.config = config;
    this.references = references;
  }

  @Override
  public PropertyValues postProcessProperties(PropertyValues pvs, Object bean, String beanName) {
    ReflectionUtils.doWithFields(ClassUtils.getUserClass(bean.getClass()), f -> inject(f, bean, beanName),
        f -> f.isAnnotationPresent(TripleReference.class));
    return pvs;
  }

  private void inject(Field field, Object bean, String beanName) {
    try {
      Object value = resolve(field);
      ReflectionUtils.makeAccessible(field);
      field.set(bean, value);
    } catch (BeansException e) {
      throw e;
    } catch (RuntimeException | IllegalAccessException e) {
      throw new BeanCreationException(beanName, "Cannot inject @TripleReference "
          + AnnotatedReferences.where(field) + ": " + e.getMessage(), e);
    }
  }

  private Object resolve(Field field) {
    return resolve(AnnotatedReferences.Site.of(field), field.getAnnotation(TripleReference.class));
  }

  /** The client or proxy for a field or parameter annotated {@code a}. */
  Object resolve(AnnotatedReferences.Site site, TripleReference a) {
    ServiceTypes.target(site.type(), site.where()); // checks the type before the id, for a clearer message
    String id = references.getObject().idFor(site, a, config.getObject());
    return client(id, site.type(), site.where());
  }

  /**
   * The client or proxy of type {@code type} for the reference {@code id}: the generated client
   * over its channel, or an interface proxy.
   */
  Object client(String id, Class<?> type, String where) {
    ServiceTypes.Target target = ServiceTypes.target(type, where);
    Dubbo d = dubbo.getObject();
    if (!target.generated()) {
      return d.reference(id, type);
    }
    try {
      return target.clientFactory().invoke(null, d.channel(id));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(target.clientFactory() + " cannot be called", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(target.clientFactory() + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 1;
  }
}
