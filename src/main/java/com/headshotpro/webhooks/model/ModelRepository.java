package com.headshotpro.webhooks.model;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ModelRepository extends Repository<Model, String> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Model m where m.id = ?1")
    Optional<Model> findForUpdate(String id);

    Model save(Model model);

    void delete(Model model);
}
