//! Roles: conversion between rows and the wire type, and the six seeded roles of the product.

use std::collections::BTreeMap;

use chrono::Utc;
use crm_types::RoleId;
use crm_types::access::{DataScope, FieldAccess, Permission, Resource};
use crm_types::admin::{Role, RoleInput};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::auth::access::Access;
use crate::entities::roles;

/// The code of the administrator role.
pub const ADMIN_ROLE: &str = "admin";

/// The role's rules as typed values. A row with unreadable JSON grants nothing rather than failing.
pub fn access_of(role: &roles::Model) -> Access {
    Access {
        permissions: serde_json::from_str::<Vec<Permission>>(&role.permissions)
            .unwrap_or_default()
            .into_iter()
            .collect(),
        data_scopes: serde_json::from_str(&role.data_scopes).unwrap_or_default(),
        field_rules: serde_json::from_str(&role.field_rules).unwrap_or_default(),
    }
}

/// The wire form of a role.
pub fn to_dto(role: &roles::Model) -> Role {
    let access = access_of(role);
    Role {
        id: RoleId(role.id),
        code: role.code.clone(),
        name: role.name.clone(),
        description: role.description.clone(),
        is_system: role.is_system,
        permissions: access.permissions.into_iter().collect(),
        data_scopes: access.data_scopes,
        field_rules: access.field_rules,
    }
}

/// Sets the rule columns of a row from a role input.
pub fn apply(active: &mut roles::ActiveModel, input: &RoleInput) -> anyhow::Result<()> {
    let mut permissions = input.permissions.clone();
    permissions.sort();
    permissions.dedup();
    active.code = Set(input.code.trim().to_owned());
    active.name = Set(input.name.trim().to_owned());
    active.description = Set(input.description.trim().to_owned());
    active.permissions = Set(serde_json::to_string(&permissions)?);
    active.data_scopes = Set(serde_json::to_string(&input.data_scopes)?);
    active.field_rules = Set(serde_json::to_string(&input.field_rules)?);
    Ok(())
}

/// The roles every installation starts with (SPEC §2), with exactly their documented rights.
pub fn seeded() -> Vec<RoleInput> {
    use DataScope::{All, Department, Own};
    use Permission as P;
    use Resource as R;
    let scopes = |entries: &[(Resource, DataScope)]| entries.iter().copied().collect::<BTreeMap<_, _>>();
    let hidden = |fields: &[&str], access: FieldAccess| {
        fields.iter().map(|f| ((*f).to_owned(), access)).collect::<BTreeMap<String, FieldAccess>>()
    };
    let sales_records = [R::Customers, R::Followups, R::Demands, R::Leads, R::Opportunities, R::Reports];
    vec![
        RoleInput {
            code: "sales_rep".into(),
            name: "销售代表".into(),
            description: "查看和编辑本人负责或协作的客户；填写跟进记录、创建需求；个人报表；不可批量导出。".into(),
            permissions: vec![
                P::CustomerView,
                P::CustomerCreate,
                P::CustomerEdit,
                P::FollowupCreate,
                P::DemandCreate,
                P::LeadManage,
                P::OpportunityManage,
                P::ReportPersonal,
            ],
            data_scopes: scopes(&sales_records.map(|r| (r, Own))),
            field_rules: BTreeMap::new(),
        },
        RoleInput {
            code: "sales_manager".into(),
            name: "销售经理".into(),
            description:
                "查看和编辑本部门及下级部门的客户；审核跟进记录、调整客户等级、审批需求任务、客户交接、导出；团队报表。"
                    .into(),
            permissions: vec![
                P::CustomerView,
                P::CustomerCreate,
                P::CustomerEdit,
                P::CustomerHandover,
                P::CustomerChangeGrade,
                P::CustomerExport,
                P::CustomerImport,
                P::FollowupCreate,
                P::FollowupReview,
                P::DemandCreate,
                P::DemandApproveTasks,
                P::LeadManage,
                P::OpportunityManage,
                P::ReportPersonal,
                P::ReportTeam,
                P::ReportExport,
            ],
            data_scopes: scopes(&sales_records.map(|r| (r, Department))),
            field_rules: BTreeMap::new(),
        },
        RoleInput {
            code: "service_agent".into(),
            name: "客服专员".into(),
            description: "查看全部客户的基本信息（手机号脱敏显示）；处理工单、服务记录和满意度；不可修改销售字段。"
                .into(),
            permissions: vec![P::CustomerView, P::TicketManage, P::ReportPersonal],
            data_scopes: scopes(&[(R::Customers, All), (R::Tickets, All), (R::Reports, Own)]),
            field_rules: BTreeMap::from([(
                R::Customers,
                hidden(&["cumulative_amount", "annual_amount", "decision_roles", "initial_need"], FieldAccess::Hidden)
                    .into_iter()
                    .chain(hidden(
                        &["customer_type", "stage", "grade", "lifecycle_status", "owner_id"],
                        FieldAccess::ReadOnly,
                    ))
                    .chain(hidden(&["phone", "contacts.mobile", "id_card_no"], FieldAccess::Masked))
                    .collect(),
            )]),
        },
        RoleInput {
            code: "marketing".into(),
            name: "市场".into(),
            description: "查看客户来源渠道、标签和活动数据，不可查看联系电话和邮箱；管理市场活动。".into(),
            permissions: vec![P::CustomerView, P::CampaignManage, P::ReportPersonal],
            data_scopes: scopes(&[(R::Customers, All), (R::Leads, All), (R::Reports, Own)]),
            field_rules: BTreeMap::from([(
                R::Customers,
                hidden(&["phone", "email", "contacts.mobile", "contacts.email", "id_card_no"], FieldAccess::Hidden),
            )]),
        },
        RoleInput {
            code: "analyst".into(),
            name: "数据分析师".into(),
            description: "查看全部数据和报表并可导出（联系方式脱敏显示）；不修改任何数据。".into(),
            permissions: vec![P::CustomerView, P::CustomerExport, P::ReportPersonal, P::ReportTeam, P::ReportExport],
            data_scopes: scopes(&Resource::ALL.map(|r| (r, All))),
            // Figures, not phone numbers: an analyst reads contact details only in part.
            field_rules: BTreeMap::from([(
                R::Customers,
                hidden(
                    &["phone", "email", "contacts.mobile", "contacts.email", "id_card_no", "uscc"],
                    FieldAccess::Masked,
                ),
            )]),
        },
        RoleInput {
            code: ADMIN_ROLE.into(),
            name: "系统管理员".into(),
            description: "全部权限：用户、部门、角色、字段、字典、模块、API 密钥、审计日志和备份。".into(),
            permissions: Permission::ALL.to_vec(),
            data_scopes: scopes(&Resource::ALL.map(|r| (r, All))),
            field_rules: BTreeMap::new(),
        },
    ]
}

/// Inserts the seeded roles that are missing (by code); existing ones, possibly edited, are kept.
pub async fn ensure_seeded(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    for input in seeded() {
        let exists = roles::Entity::find().filter(roles::Column::Code.eq(&input.code)).one(db).await?.is_some();
        if exists {
            continue;
        }
        let now = Utc::now();
        let mut role = roles::ActiveModel {
            is_system: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut role, &input)?;
        role.insert(db).await?;
    }
    Ok(())
}

/// The administrator role's id.
pub async fn admin_role_id(db: &impl ConnectionTrait) -> anyhow::Result<i64> {
    ensure_seeded(db).await?;
    roles::Entity::find()
        .filter(roles::Column::Code.eq(ADMIN_ROLE))
        .one(db)
        .await?
        .map(|role| role.id)
        .ok_or_else(|| anyhow::anyhow!("the administrator role is missing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(code: &str) -> RoleInput {
        seeded().into_iter().find(|r| r.code == code).unwrap()
    }

    #[test]
    fn six_roles_are_seeded() {
        let codes: Vec<String> = seeded().into_iter().map(|r| r.code).collect();
        assert_eq!(codes, ["sales_rep", "sales_manager", "service_agent", "marketing", "analyst", "admin"]);
    }

    #[test]
    fn a_sales_rep_sees_own_records_and_cannot_export() {
        let rep = role("sales_rep");
        assert_eq!(rep.data_scopes[&Resource::Customers], DataScope::Own);
        assert!(!rep.permissions.contains(&Permission::CustomerExport));
        assert!(rep.permissions.contains(&Permission::FollowupCreate));
    }

    #[test]
    fn a_manager_sees_the_department_subtree_reviews_and_hands_over() {
        let manager = role("sales_manager");
        assert_eq!(manager.data_scopes[&Resource::Customers], DataScope::Department);
        for p in [
            Permission::FollowupReview,
            Permission::CustomerHandover,
            Permission::CustomerExport,
            Permission::CustomerChangeGrade,
        ] {
            assert!(manager.permissions.contains(&p), "{p:?}");
        }
    }

    #[test]
    fn marketing_never_sees_contact_details() {
        let rules = &role("marketing").field_rules[&Resource::Customers];
        for field in ["phone", "email", "contacts.mobile", "contacts.email"] {
            assert_eq!(rules[field], FieldAccess::Hidden);
        }
    }

    #[test]
    fn an_analyst_sees_everything_and_changes_nothing() {
        let analyst = role("analyst");
        assert!(analyst.data_scopes.values().all(|s| *s == DataScope::All));
        let writes = [
            Permission::CustomerCreate,
            Permission::CustomerEdit,
            Permission::CustomerDelete,
            Permission::FollowupCreate,
            Permission::DemandCreate,
        ];
        assert!(writes.iter().all(|p| !analyst.permissions.contains(p)));
    }

    #[test]
    fn the_administrator_has_every_permission() {
        assert_eq!(role("admin").permissions.len(), Permission::ALL.len());
    }
}
